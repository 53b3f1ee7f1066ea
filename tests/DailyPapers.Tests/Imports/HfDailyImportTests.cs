using System.Text;
using System.Text.Json;
using DailyPapers.Features.Harvest;
using DailyPapers.Features.Imports;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Imports;

public sealed class HfDailyImportTests : IAsyncLifetime
{
    private readonly AppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)app).DisposeAsync();

    private static byte[] Fixture() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures",
        "hf-daily.json"));

    [Fact]
    public async Task Imports_papers_authors_upvotes_links_and_submitters_keeping_the_featured_date()
    {
        var summary = await app.ImportAsync(ImportFormats.HfDaily, Fixture());

        Assert.Equal(new ImportSummary(3, 0, 0), summary);
        var paper = await app.WithDbAsync(db =>
            db.Papers.Include(p => p.Authors).Include(p => p.DailyEntries).ThenInclude(e => e.SubmittedBy)
            .SingleAsync(p => p.Id == "2508.05629"));
        Assert.Equal(["Yiming Zhang", "Zoë Müller-Øberg", "Haoran Li"],
            paper.Authors.OrderBy(a => a.Position).Select(a => a.Name));
        Assert.Equal(42, paper.Upvotes);
        Assert.Equal(3, paper.NumComments);
        Assert.Equal(120, paper.GithubStars);
        Assert.Equal("https://github.com/example-org/parallel-think", paper.GithubRepo);
        Assert.Equal("test-time scaling\nreasoning\nparallel decoding", paper.AiKeywords);
        Assert.Equal(new DateTime(2025, 8, 7, 17, 59, 59, DateTimeKind.Utc), paper.PublishedAt);
        var entry = Assert.Single(paper.DailyEntries);
        Assert.Equal(new DateOnly(2025, 8, 8), entry.Date);
        Assert.Equal(new DateTime(2025, 8, 8, 0, 12, 31, 12, DateTimeKind.Utc), entry.FeaturedAt);
        Assert.Equal("akhaliq", entry.SubmittedBy!.UserName);
        Assert.Equal("hf", entry.SubmittedBy.Source);

        // A version suffix in the id resolves to the paper; two items by one submitter share one user.
        Assert.True(await app.WithDbAsync(db => db.Papers.AnyAsync(p => p.Id == "2212.07677" && p.Version == 2)));
        Assert.Equal(2, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal("https://slm-survey.github.io",
            await app.WithDbAsync(db => db.Papers.Where(p => p.Id == "2508.04012").Select(p =>
            p.ProjectPage).SingleAsync()));
    }

    [Fact]
    public async Task Reimport_is_idempotent_and_new_upvotes_update_in_place()
    {
        await app.ImportAsync(ImportFormats.HfDaily, Fixture());
        Assert.Equal(new ImportSummary(0, 0, 3), await app.ImportAsync(ImportFormats.HfDaily, Fixture()));

        var moreVotes = Encoding.UTF8.GetString(Fixture()).Replace("\"upvotes\": 42", "\"upvotes\": 50",
            StringComparison.Ordinal);
        Assert.Equal(new ImportSummary(0, 1, 2),
            await app.ImportAsync(ImportFormats.HfDaily, Encoding.UTF8.GetBytes(moreVotes)));
        Assert.Equal(50, await app.WithDbAsync(db =>
            db.Papers.Where(p => p.Id == "2508.05629").Select(p => p.Upvotes).SingleAsync()));
        Assert.Equal(3, await app.WithDbAsync(db => db.DailyEntries.CountAsync()));
    }

    [Fact]
    public async Task The_date_option_overrides_the_featured_date()
    {
        await app.ImportAsync(ImportFormats.HfDaily, Fixture(), new DateOnly(2025, 8, 9));
        Assert.Equal([new DateOnly(2025, 8, 9)],
            await app.WithDbAsync(db => db.DailyEntries.Select(e => e.Date).Distinct().ToListAsync()));
    }

    public static TheoryData<string, string> MalformedFiles => new()
    {
        { "[{\"paper\": {\"id\": \"2508.00001\", \"title\": \"x\"}", "invalid JSON at line 1, byte" },
        { "[\n  {\"paper\": {\"id\": \"2508.00001\",\n   \"title\": \"x\" oops}}]", "invalid JSON at line 3" },
        { "{\"paper\": {}}", "expected a JSON array of daily papers items, found object" },
        { "[]", "the array is empty" },
        { "[42]", "item 0: is not an object" },
        { "[{\"title\": \"no paper\"}]", "item 0: has no \"paper\" object" },
        { "[{\"paper\": {\"title\": \"x\"}, \"publishedAt\": \"2025-08-08T00:00:00Z\"}]", "item 0: has no \"id\"" },
        { "[{\"paper\": {\"id\": \"../../etc\", \"title\": \"x\"}, \"publishedAt\": \"2025-08-08T00:00:00Z\"}]",
            "item 0: paper.id \"../../etc\" is not an arXiv id or a URL-safe id" },
        { "[{\"paper\": {\"id\": \"2508.00001\", \"title\": \"x\", \"upvotes\": \"many\"}, \"publishedAt\": " +
            "\"2025-08-08T00:00:00Z\"}]", "item 0: \"upvotes\" is not a non-negative integer" },
        { "[{\"paper\": {\"id\": \"2508.00001\", \"title\": \"x\"}, \"publishedAt\": \"yesterday\"}]",
            "item 0: \"publishedAt\" is not a date: \"yesterday\"" },
        { "[{\"paper\": {\"id\": \"2508.00001\", \"title\": \"x\"}}]",
            "item 0: has no publishedAt (featured time); pass --date" },
        { Item("\"title\": \"Bell\\u0003 ringing\""),
            "item 0 (2508.00001): title contains the control character U+0003" },
        { Item("\"title\": \"x\", \"authors\": [{\"name\": \"Ada\"}, {\"name\": \"Al\\u0003an\"}]"),
            "item 0 (2508.00001): author 2 contains the control character U+0003" },
        { Item("\"title\": \"x\", \"summary\": \"Next\\u0085line\""),
            "item 0 (2508.00001): abstract contains the control character U+0085" },
        { Item("\"title\": \"Half \\ud800 a pair\""), "item 0: \"title\" is not valid Unicode text" },
    };

    private static string Item(string paperFields) =>
        $$"""[{"paper": {"id": "2508.00001", {{paperFields}}}, "publishedAt": "2025-08-08T00:00:00Z"}]""";

    [Fact]
    public async Task Links_that_are_not_http_urls_are_left_out_with_a_warning()
    {
        var json = Encoding.UTF8.GetBytes(Item("\"title\": \"x\", \"githubRepo\": \"javascript:alert(1)\", "
            + "\"projectPage\": \"\\\"><script>alert(1)</script>\""));
        var warnings = new List<string>();

        await app.ImportAsync(ImportFormats.Parse(ImportFormats.HfDaily, json, null, default, warnings.Add));

        var paper = await app.WithDbAsync(db => db.Papers.SingleAsync(p => p.Id == "2508.00001"));
        Assert.Null(paper.GithubRepo);
        Assert.Null(paper.ProjectPage);
        Assert.Equal(
        [
            "item 0 (2508.00001): \"githubRepo\" is not an http(s) URL; the paper is imported without it",
            "item 0 (2508.00001): \"projectPage\" is not an http(s) URL; the paper is imported without it",
        ], warnings);
    }

    [Fact]
    public async Task An_organization_on_the_item_or_the_paper_is_kept_shown_and_served_and_a_bad_one_dropped()
    {
        const string items = """
            [{"paper": {"id": "2508.00001", "title": "One"}, "publishedAt": "2025-08-08T00:00:00Z",
              "organization": {"_id": "1", "name": "example-lab", "fullname": "Example <Lab>",
                               "avatar": "https://cdn.example/lab.png"}},
             {"paper": {"id": "2508.00002", "title": "Two", "organization": {"name": "other-org"}},
              "publishedAt": "2025-08-08T00:00:00Z"},
             {"paper": {"id": "2508.00003", "title": "Three", "organization": {"name": "not a handle"}},
              "publishedAt": "2025-08-08T00:00:00Z"}]
            """;
        Assert.Equal(new ImportSummary(3, 0, 0), await app.ImportAsync(ImportFormats.HfDaily,
            Encoding.UTF8.GetBytes(items)));

        // On the paper page and on its card in the day's list.
        foreach (var path in new[] { "/papers/2508.00001", "/papers/date/2025-08-08" })
            Assert.Contains("title=\"Published under the organization example-lab\">"
                + "<span class=\"visually-hidden\">Organization: </span>Example &lt;Lab&gt;</span>",
                await app.CreateClient().GetStringAsync(path), StringComparison.Ordinal);
        using var listing = JsonDocument.Parse(await app.CreateClient().GetStringAsync(
            "/api/daily_papers?date=2025-08-08"));
        var byId = listing.RootElement.EnumerateArray().ToDictionary(i => i.GetProperty("paper").GetProperty("id")
            .GetString()!);
        var organization = byId["2508.00001"].GetProperty("organization");
        Assert.Equal(("example-lab", "Example <Lab>", "https://cdn.example/lab.png"),
            (organization.GetProperty("name").GetString(), organization.GetProperty("fullname").GetString(),
                organization.GetProperty("avatar").GetString()));
        Assert.Equal(organization.GetRawText(), byId["2508.00001"].GetProperty("paper").GetProperty("organization")
            .GetRawText());
        Assert.Equal("other-org", byId["2508.00002"].GetProperty("organization").GetProperty("fullname").GetString());
        Assert.False(byId["2508.00003"].TryGetProperty("organization", out _));

        // A new organization replaces the old one whole: no picture is carried over to another name.
        var moved = items.Replace("\"example-lab\", \"fullname\": \"Example <Lab>\",", "\"new-lab\",",
            StringComparison.Ordinal).Replace("\"avatar\": \"https://cdn.example/lab.png\"", "\"x\": 1",
            StringComparison.Ordinal);
        Assert.Equal(new ImportSummary(0, 1, 2), await app.ImportAsync(ImportFormats.HfDaily,
            Encoding.UTF8.GetBytes(moved)));
        var paper = await app.WithDbAsync(db => db.Papers.SingleAsync(p => p.Id == "2508.00001"));
        Assert.Equal(("new-lab", (string?)null, (string?)null),
            (paper.OrganizationName, paper.OrganizationFullName, paper.OrganizationAvatarUrl));
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task A_malformed_file_is_rejected_with_a_clear_error_and_nothing_is_imported(string json,
        string expected)
    {
        var error = Assert.Throws<ImportFormatException>(() =>
            ImportFormats.Parse(ImportFormats.HfDaily, Encoding.UTF8.GetBytes(json), null, default));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Papers.CountAsync()));
    }

    [Fact]
    public void An_oversized_title_is_rejected()
    {
        var json = $$"""
            [{"paper": {"id": "2508.00001", "title": "{{new string('t', 1001)}}"},
              "publishedAt": "2025-08-08T00:00:00Z"}]
            """;
        var error = Assert.Throws<ImportFormatException>(() => HfDailyParser.Parse(Encoding.UTF8.GetBytes(json), null));
        Assert.Equal("item 0: \"title\" is 1001 characters; the limit is 1000", error.Message);
    }
}
