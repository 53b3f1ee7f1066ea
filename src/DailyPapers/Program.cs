using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Collections;
using DailyPapers.Features.Community;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Feed;
using DailyPapers.Features.Figures;
using DailyPapers.Features.ForYou;
using DailyPapers.Features.Harvest;
using DailyPapers.Features.Imports;
using DailyPapers.Features.Mail;
using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;
using DailyPapers.Infrastructure;

// One executable: `serve` (the default) runs the site, API and feeds; `import`, `migrate` ... are CLI verbs.
return await Cli.RunAsync(args, BuildApp,
    ImportCommand.Create, HarvestCommand.Create, UserCommand.Create, DigestCommand.Create, SearchCommand.Create,
    ReindexCommand.Create, BackupCommands.Backup, BackupCommands.Restore, CopyDbCommand.Create);

static WebApplication BuildApp(string[] args)
{
    GlibcMalloc.CapArenas();
    GlibcMalloc.MapLargeBlocks();
    // Content (appsettings.json, wwwroot) sits beside the executable, whatever directory it is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddInstance();
    builder.Services.AddDatabase(builder.Configuration);
    builder.Services.AddKeyRing(builder.Configuration);
    builder.Services.AddOperations(builder.Configuration);
    builder.Services.AddSite(builder.Configuration);
    builder.Services.AddAccounts(builder.Configuration);
    builder.Services.AddPapers();
    builder.Services.AddFeed();
    builder.Services.AddMail(builder.Configuration);
    builder.Services.AddHarvest(builder.Configuration);
    builder.Services.AddFigures(builder.Configuration);
    builder.Services.AddCommunity(builder.Configuration);
    builder.Services.AddDigests();
    builder.Services.AddScheduling(builder.Configuration, HarvestSchedule.AddJobs, DigestJobs.AddJobs);
    builder.Services.AddSearch(builder.Configuration);
    builder.Services.AddCollections(builder.Configuration);
    builder.Services.AddForYou(builder.Configuration);

    var app = builder.Build();
    app.UseSite();
    app.MapOperations();
    app.MapAccounts();
    app.MapPapers();
    app.MapFigures();
    app.MapFeed();
    app.MapCommunity();
    app.MapDigests();
    app.MapSearch();
    app.MapCollections();
    app.MapForYou();
    return app;
}
