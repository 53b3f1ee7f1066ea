using DailyPapers.Features.Harvest;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Harvest;

public sealed class ArxivApiAndMirrorTests : IAsyncLifetime
{
    private FixtureServer server = null!;
    private HarvestAppFactory app = null!;

    public async Task InitializeAsync()
    {
        server = await FixtureServer.StartAsync();
        app = new HarvestAppFactory(new Dictionary<string,
            string> { ["Harvest:ArxivApiEndpoint"] = server.BaseUrl + "/api/query" });
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)app).DisposeAsync();
        await server.DisposeAsync();
    }

    private async Task<ArxivApiClient.Fetched> FetchAsync(params string[] ids)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArxivApiClient>().FetchAsync(ids, default);
    }

    [Fact]
    public async Task Fetches_papers_by_id_and_reports_the_missing_ones()
    {
        server.Respond = context => FixtureServer.Xml(context, FixtureServer.Fixture("arxiv-api.xml"));

        var fetched = await FetchAsync("arXiv:2212.07677v1", "2409.12917", "2409.99999");

        Assert.Equal("/api/query?id_list=2212.07677%2C2409.12917%2C2409.99999&max_results=3",
            Assert.Single(server.Requests));
        Assert.Equal(["2409.99999"], fetched.Missing);
        var paper = fetched.Records[0];
        Assert.Equal(("2212.07677", 2), (paper.Id, paper.Version));
        Assert.Equal("Transformers learn in-context by gradient descent", paper.Title);
        Assert.StartsWith("At present, the mechanisms", paper.Abstract, StringComparison.Ordinal);
        Assert.Equal(["Johannes von Oswald", "João Sacramento"], paper.Authors);
        Assert.Equal("cs.LG cs.AI cs.CL", paper.Categories);
        Assert.Equal(("ICML 2023", "PMLR 202:35151-35174, 2023"), (paper.Comments, paper.JournalRef));
        Assert.Equal("https://github.com/google-research/self-organising-systems", paper.GithubRepo);
        Assert.Equal(new DateTime(2022, 12, 15, 9, 21, 21, DateTimeKind.Utc), paper.PublishedAt);
        Assert.Equal("10.48550/arXiv.2409.12917", fetched.Records[1].Doi);

        Assert.Equal(new Features.Papers.ImportSummary(2, 0, 0), await app.ImportAsync(fetched.Records));
    }

    [Fact]
    public async Task An_api_error_entry_is_reported()
    {
        server.Respond = context => FixtureServer.Xml(context, """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_2409.1</id>
            <title>Error</title><summary>incorrect id format for 2409.1</summary></entry></feed>
            """);

        var error = await Assert.ThrowsAsync<HarvestException>(() => FetchAsync("2409.12917"));

        Assert.Contains("the arXiv API reports an error: incorrect id format for 2409.1", error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_with_a_control_character_is_skipped_and_the_rest_kept()
    {
        var atom = FixtureServer.Fixture("arxiv-api.xml");
        var title = atom.IndexOf("Transformers learn in-context", StringComparison.Ordinal);
        server.Respond = context => FixtureServer.Xml(context, atom.Insert(title, "&#x86;"));

        var fetched = await FetchAsync("2212.07677", "2409.12917");

        Assert.Equal(["2409.12917"], fetched.Records.Select(r => r.Id));
        Assert.Equal(["2212.07677"], fetched.Missing);
    }

    [Fact]
    public async Task Ids_that_are_not_arxiv_ids_are_refused_before_any_request()
    {
        var error = await Assert.ThrowsAsync<HarvestException>(() => FetchAsync("2409.12917", "../etc/passwd"));
        Assert.Equal("not arXiv ids: ../etc/passwd", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Mirrors_daily_lists_as_featured_entries_with_upvotes()
    {
        var hfDaily = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-daily.json"));
        server.Respond = context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(context.Request.Query["date"] == "2025-08-08" ? hfDaily : "[]");
        };
        await using var scope = app.Services.CreateAsyncScope();
        var mirror = scope.ServiceProvider.GetRequiredService<HfMirror>();

        var summary = await mirror.MirrorAsync(server.BaseUrl + "/", new DateOnly(2025, 8, 7), new DateOnly(2025, 8, 8),
            null, default);

        Assert.Equal(new Features.Papers.ImportSummary(3, 0, 0), summary);
        Assert.Equal(["/api/daily_papers?date=2025-08-07&limit=100&p=0",
            "/api/daily_papers?date=2025-08-08&limit=100&p=0"], server.Requests);
        Assert.Equal(42, await app.WithDbAsync(db =>
            db.Papers.Where(p => p.Id == "2508.05629").Select(p => p.Upvotes).SingleAsync()));
        Assert.Equal(3, await app.WithDbAsync(db =>
            db.DailyEntries.CountAsync(e => e.Date == new DateOnly(2025, 8, 8))));
    }

    [Fact]
    public async Task A_daily_list_with_a_control_character_is_refused_naming_the_item_and_field()
    {
        server.Respond = context => context.Response.WriteAsync(HfDailyItem("\"title\": \"Bell\\u0003 ringing\""));

        var error = await Assert.ThrowsAsync<HarvestException>(MirrorAugust8Async);

        Assert.Contains("daily papers of 2025-08-08 (page 0): item 0 (2508.00001): "
            + "title contains the control character U+0003", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Papers.CountAsync()));
    }

    [Fact]
    public async Task A_mirrored_link_that_is_not_a_url_is_left_out()
    {
        var item = HfDailyItem("\"title\": \"T\", \"projectPage\": \"javascript:alert(1)\"");
        server.Respond = context => context.Response.WriteAsync(item);

        await MirrorAugust8Async();

        Assert.Null(await app.WithDbAsync(db => db.Papers.Where(p => p.Id == "2508.00001")
            .Select(p => p.ProjectPage).SingleAsync()));
    }

    private static string HfDailyItem(string paperFields) =>
        $$"""[{"paper": {"id": "2508.00001", {{paperFields}}}, "publishedAt": "2025-08-08T00:00:00Z"}]""";

    private async Task MirrorAugust8Async()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var day = new DateOnly(2025, 8, 8);
        await scope.ServiceProvider.GetRequiredService<HfMirror>().MirrorAsync(server.BaseUrl, day, day, null, default);
    }

    [Fact]
    public async Task A_broken_daily_list_is_refused_after_retries_and_nothing_of_that_day_is_imported()
    {
        server.Respond = context => context.Response.WriteAsync("[{\"paper\": {\"id\": \"2508.00001\"");
        await using var scope = app.Services.CreateAsyncScope();

        var error = await Assert.ThrowsAsync<HarvestException>(() =>
            scope.ServiceProvider.GetRequiredService<HfMirror>().MirrorAsync(server.BaseUrl, new DateOnly(2025, 8, 8),
                new DateOnly(2025, 8, 8), null, default));

        Assert.Contains("daily papers of 2025-08-08 (page 0): invalid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(0, await app.WithDbAsync(db => db.Papers.CountAsync()));
    }
}
