using DailyPapers.Features.Harvest;
using DailyPapers.Features.Papers;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Harvest;

public sealed class OaiHarvestTests : IAsyncLifetime
{
    private static readonly DateOnly From = new(2025, 1, 15);
    private FixtureServer server = null!;
    private readonly HarvestAppFactory app = new();

    public async Task InitializeAsync()
    {
        server = await FixtureServer.StartAsync();
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)app).DisposeAsync();
        await server.DisposeAsync();
    }

    private HarvestRequest Request(string prefix = ArxivMetadata.ArxivPrefix) =>
        new(server.OaiEndpoint, "cs", prefix, From, null);

    private Task<List<string>> PaperIdsAsync() =>
        app.WithDbAsync(db => db.Papers.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());

    private static readonly string[] AllSix =
        ["2212.07677", "2501.08001", "2501.08002", "2501.08003", "2501.08004", "2501.08006"];

    [Fact]
    public async Task Follows_resumption_tokens_to_the_end_and_records_the_position()
    {
        server.Respond = FixtureServer.ThreePages;

        var result = await app.HarvestAsync(Request());

        Assert.Equal(new HarvestProgress(3, 6, 2, 1, 9), result.Totals);
        Assert.Equal(new ImportSummary(6, 0, 0), result.Papers);
        Assert.Equal(AllSix, await PaperIdsAsync());
        Assert.Equal(
            ["/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2025-01-15",
                "/oai?verb=ListRecords&resumptionToken=7091526%7C1001",
                "/oai?verb=ListRecords&resumptionToken=7091526%7C2001"],
            server.Requests);
        Assert.All(server.UserAgents, ua =>
            Assert.StartsWith("DailyPapers/1.0 (+https://github.com/dailypapers", ua, StringComparison.Ordinal));

        var state = (await app.StateAsync())!;
        Assert.Null(state.ResumptionToken);
        Assert.Equal(new DateOnly(2025, 1, 16), state.HarvestedThrough);
            // the last page's responseDate: no --until was given
        Assert.Equal((3, 6, 2, 1), (state.Pages, state.Records, state.Skipped, state.Deleted));
    }

    [Fact]
    public async Task Maps_authors_in_order_with_suffixes_and_non_ascii_names_and_every_arxiv_field()
    {
        server.Respond = FixtureServer.ThreePages;
        await app.HarvestAsync(Request());

        var paper = await app.WithDbAsync(db =>
            db.Papers.Include(p => p.Authors).SingleAsync(p => p.Id == "2501.08001"));
        Assert.Equal(["Zoë Müller-Øberg", "Martin Luther King Jr", "Yiming Zhang", "The DailyPapers Collaboration"],
            paper.Authors.OrderBy(a => a.Position).Select(a => a.Name));
        Assert.Equal("Parallel Thinking for Test-Time Scaling", paper.Title);
        Assert.Equal("We study parallel thinking for large language models. Project page: " +
            "https://parallel-think.github.io/#results.", paper.Abstract);
        Assert.Equal("cs.CL cs.LG", paper.Categories);
        Assert.Equal("Proc. ACL 2025, pp. 1-12", paper.JournalRef);
        Assert.Equal("10.18653/v1/2025.acl-long.1", paper.Doi);
        Assert.Equal("http://creativecommons.org/licenses/by/4.0/", paper.License);
        Assert.StartsWith("12 pages, 4 figures. Code:", paper.Comments, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2025, 1, 14, 0, 0, 0, DateTimeKind.Utc), paper.PublishedAt);
        Assert.Equal("https://github.com/example-org/parallel-think", paper.GithubRepo);
        Assert.Equal("https://parallel-think.github.io", paper.ProjectPage);
        Assert.Equal("https://huggingface.co/spaces/example-org/parallel-demo", paper.ExtraLinks);

        var suffix = await app.WithDbAsync(db =>
            db.PaperAuthors.Where(a => a.PaperId == "2501.08006").Select(a => a.Name).SingleAsync());
        Assert.Equal("John Smith III", suffix);
        var cjk = await app.WithDbAsync(db =>
            db.PaperAuthors.Where(a => a.PaperId == "2501.08002").OrderBy(a => a.Position).Select(a =>
            a.Name).ToListAsync());
        Assert.Equal(["Åsa Øvergård", "太郎 山田"], cjk);
        Assert.Equal("https://gitlab.com/graphs/gt-scale",
            await app.WithDbAsync(db => db.Papers.Where(p => p.Id == "2501.08004").Select(p =>
            p.GithubRepo).SingleAsync()));
    }

    [Fact]
    public async Task Harvesting_the_same_range_again_changes_nothing()
    {
        server.Respond = FixtureServer.ThreePages;
        await app.HarvestAsync(Request());
        var before = await app.WithDbAsync(db =>
            db.Papers.OrderBy(p => p.Id).Select(p => new { p.Id, p.ModifiedAt }).ToListAsync());

        var again = await app.HarvestAsync(Request());

        Assert.Equal(new ImportSummary(0, 0, 6), again.Papers);
        Assert.Equal(before, await app.WithDbAsync(db =>
            db.Papers.OrderBy(p => p.Id).Select(p => new { p.Id, p.ModifiedAt }).ToListAsync()));
    }

    [Fact]
    public async Task A_new_version_updates_the_paper_in_place_keeping_its_featured_days_and_upvotes()
    {
        var featured = new DateOnly(2022, 12, 16);
        await app.ImportAsync([new PaperRecord
        {
            Id = "2212.07677", Version = 2, Title = "Transformers learn in-context by gradient descent",
                Abstract = "Old abstract.",
            Upvotes = 31, UpdatedAt = new DateTime(2023, 5, 31, 12, 0, 0, DateTimeKind.Utc),
            Featured = new FeaturedOn(featured, featured.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), null),
                Origin = "test",
        }]);
        server.Respond = context => FixtureServer.Xml(context, FixtureServer.Fixture("oai-raw.xml"));

        var result = await app.HarvestAsync(Request(ArxivMetadata.ArxivRawPrefix) with
            { From = new DateOnly(2025, 3, 1) });

        Assert.Equal(new ImportSummary(0, 1, 0), result.Papers);
        var paper = await app.WithDbAsync(db =>
            db.Papers.Include(p => p.Authors).Include(p => p.DailyEntries).SingleAsync());
        Assert.Equal(3, paper.Version);
        Assert.Equal("Transformers Learn In-Context by Gradient Descent (revised)", paper.Title);
        Assert.Equal("Revised abstract: transformers learn in context by gradient descent.", paper.Abstract);
        Assert.Equal(new DateTime(2022, 12, 15, 9, 21, 21, DateTimeKind.Utc), paper.PublishedAt);
        Assert.Equal(new DateTime(2025, 3, 1, 10, 0, 0, DateTimeKind.Utc), paper.UpdatedAt);
        Assert.Equal(["Johannes von Oswald", "Eyvind Niklasson", "Ettore Randazzo", "João Sacramento"],
            paper.Authors.OrderBy(a => a.Position).Select(a => a.Name));
        Assert.Equal(31, paper.Upvotes);
        Assert.Equal(featured, Assert.Single(paper.DailyEntries).Date);
        Assert.Equal("PMLR 202:35151-35174, 2023", paper.JournalRef);
    }

    [Fact]
    public async Task An_older_version_never_overwrites_a_newer_one()
    {
        server.Respond = context => FixtureServer.Xml(context, FixtureServer.Fixture("oai-raw.xml"));
        await app.HarvestAsync(Request(ArxivMetadata.ArxivRawPrefix));
        // Page 3 of the arXiv-format harvest carries 2212.07677 as updated on 2025-01-15, older than v3 (2025-03-01).
        server.Respond = FixtureServer.ThreePages;
        await app.HarvestAsync(Request());

        var paper = await app.WithDbAsync(db => db.Papers.SingleAsync(p => p.Id == "2212.07677"));
        Assert.Equal("Transformers Learn In-Context by Gradient Descent (revised)", paper.Title);
        Assert.Equal(3, paper.Version);
    }

    [Fact]
    public async Task A_503_with_Retry_After_is_waited_out_and_the_same_token_asked_again()
    {
        var refused = 0;
        server.Respond = context =>
        {
            if (context.Request.Query["resumptionToken"] == "7091526|1001" && Interlocked.Increment(ref refused) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return context.Response.WriteAsync("Retry after 1 second");
            }
            return FixtureServer.ThreePages(context);
        };

        var result = await app.HarvestAsync(Request());

        Assert.Equal(6, result.Totals.Records);
        Assert.Equal(2, server.Requests.Count(r => r.EndsWith("7091526%7C1001", StringComparison.Ordinal)));
        Assert.Equal(AllSix, await PaperIdsAsync());
    }

    public static TheoryData<string> Failures => ["timeout", "reset", "html", "truncated", "500"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failure_on_one_page_is_retried_and_every_record_arrives_once(string failure)
    {
        var failed = 0;
        server.Respond = async context =>
        {
            if (context.Request.Query["resumptionToken"] == "7091526|1001" && Interlocked.Increment(ref failed) == 1)
            {
                await Fail(context, failure);
                return;
            }
            await FixtureServer.ThreePages(context);
        };

        var result = await app.HarvestAsync(Request());

        Assert.Equal(new HarvestProgress(3, 6, 2, 1, 9), result.Totals);
        // Retried at least once; on a loaded 2-core machine a slow retry can itself be retried, which is fine as long
        // as every record still arrives exactly once (the totals above and the ids below).
        Assert.True(server.Requests.Count(r => r.EndsWith("7091526%7C1001", StringComparison.Ordinal)) >= 2);
        Assert.Equal(AllSix, await PaperIdsAsync());
    }

    private static async Task Fail(HttpContext context, string failure)
    {
        switch (failure)
        {
            case "timeout":
                // Longer than Harvest:RequestTimeout (3 s); ends as soon as the client gives up.
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { },
                    TaskScheduler.Default);
                break;
            case "reset":
                context.Abort();
                break;
            case "html":
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>We are down for " +
                    "maintenance</h1></body></html>");
                break;
            case "truncated":
                var page = FixtureServer.Fixture("oai-page2.xml");
                await FixtureServer.Xml(context, page[..(page.Length / 2)]);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                break;
        }
    }

    [Fact]
    public async Task A_page_that_keeps_failing_stops_the_harvest_and_a_rerun_resumes_at_that_page()
    {
        var broken = true;
        server.Respond = context =>
        {
            if (broken && context.Request.Query["resumptionToken"] == "7091526|1001")
            {
                context.Response.ContentType = "text/html";
                return context.Response.WriteAsync("<html><body>Internal error</body></html>");
            }
            return FixtureServer.ThreePages(context);
        };

        var error = await Assert.ThrowsAsync<HarvestException>(() => app.HarvestAsync(Request()));

        Assert.Contains("page 2 of", error.Message, StringComparison.Ordinal);
        Assert.Contains("an HTML page, not an OAI-PMH response", error.Message, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 requests", error.Message, StringComparison.Ordinal);
        Assert.Equal(["2501.08001", "2501.08002", "2501.08003"], await PaperIdsAsync());
        var state = (await app.StateAsync())!;
        Assert.Equal(("7091526|1001", 1, 3), (state.ResumptionToken, state.Pages, state.Records));

        broken = false;
        server.Requests.Clear();
        var result = await app.HarvestAsync(Request());

        Assert.True(result.Resumed);
        Assert.StartsWith("/oai?verb=ListRecords&resumptionToken=7091526%7C1001", server.Requests.First(),
            StringComparison.Ordinal);
        Assert.Equal(new HarvestProgress(3, 6, 2, 1, 9), result.Totals);
        Assert.Equal(AllSix, await PaperIdsAsync());
    }

    [Fact]
    public async Task BadResumptionToken_is_reported_and_clears_the_saved_position()
    {
        server.Respond = context => context.Request.Query["resumptionToken"] == "7091526|1001"
            ? FixtureServer.Xml(context, FixtureServer.OaiError("badResumptionToken",
                "The value of the resumptionToken argument is invalid or expired."))
            : FixtureServer.ThreePages(context);

        var error = await Assert.ThrowsAsync<HarvestException>(() => app.HarvestAsync(Request()));

        Assert.Contains("badResumptionToken (The value of the resumptionToken argument is invalid or expired.)",
            error.Message, StringComparison.Ordinal);
        Assert.Contains("start over from 2025-01-15", error.Message, StringComparison.Ordinal);
        var state = (await app.StateAsync())!;
        Assert.Null(state.ResumptionToken);
        Assert.Null(state.HarvestedThrough);
        Assert.Equal(3, await app.WithDbAsync(db => db.Papers.CountAsync()));
    }

    [Fact]
    public async Task NoRecordsMatch_is_an_empty_harvest_not_an_error()
    {
        server.Respond = context => FixtureServer.Xml(context,
            FixtureServer.OaiError("noRecordsMatch", "No records match the request."));

        var result = await app.HarvestAsync(Request());

        Assert.True(result.NoRecordsMatch);
        Assert.Equal(0, await app.WithDbAsync(db => db.Papers.CountAsync()));
        var state = (await app.StateAsync())!;
        Assert.Equal(new DateOnly(2025, 1, 16), state.HarvestedThrough);
    }

    [Fact]
    public async Task Another_OAI_error_stops_the_harvest_naming_it()
    {
        server.Respond = context => FixtureServer.Xml(context,
            FixtureServer.OaiError("cannotDisseminateFormat", "arXivX is not supported."));

        var error = await Assert.ThrowsAsync<HarvestException>(() => app.HarvestAsync(Request()));

        Assert.Contains("cannotDisseminateFormat: arXivX is not supported.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_from_the_harvest_continues_from_the_last_harvested_day()
    {
        server.Respond = FixtureServer.ThreePages;
        await app.HarvestAsync(Request());
        server.Requests.Clear();

        await app.HarvestAsync(Request() with { From = null });

        Assert.Equal("/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2025-01-16", server.Requests.First());
    }
}
