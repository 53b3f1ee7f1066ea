using System.Net;
using System.Text.Json;
using DailyPapers.Tests.Infrastructure;

namespace DailyPapers.Tests.Search;

[Collection(SearchCollection.Name)]
public sealed class SearchPageAndCliTests(SearchFixture app)
{
    [Fact]
    public async Task The_search_page_marks_matching_words_and_encodes_paper_text()
    {
        var html = await app.CreateClient().GetStringAsync("/search?q=marmoset+grooming");
        Assert.Contains("<mark>Marmoset</mark>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_has_the_search_box_in_its_header()
    {
        foreach (var path in new[] { "/", "/search", "/papers/thinkless-llm-learns-when-to-think", "/docs/api" })
            Assert.Contains("action=\"/search\"", await app.CreateClient().GetStringAsync(path),
                StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_results_shows_help_and_a_bad_query_says_what_is_wrong()
    {
        var none = await app.CreateClient().GetStringAsync("/search?q=qwxzv+plomf+has:code+from:2001+to:2001");
        Assert.Contains("No papers found", none, StringComparison.Ordinal);
        var bad = await app.CreateClient().GetAsync("/search?q=%22unclosed");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unclosed quote", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pasted_link_opens_the_paper_page()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            { AllowAutoRedirect = false });
        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString("https://arxiv.org/abs/2212.07677v2"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/papers/2212.07677", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_paper_page_lists_similar_papers()
    {
        var html = await app.CreateClient().GetStringAsync("/papers/2401.00001");
        Assert.Contains("Similar papers", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/papers/2403.00002\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_search_json_is_exactly_the_api_array()
    {
        const string q = "sparse mixture routing for speech";
        var api = await app.CreateClient().GetStringAsync($"/api/papers/search?limit=5&q={Uri.EscapeDataString(q)}");
        // The site holds the index's write lock: the CLI reads what the site committed.
        var cli = await CliProcess.RunAsync(app.Database, "search", q, "--limit", "5", "--json");
        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(api)),
            JsonSerializer.Serialize(JsonDocument.Parse(cli.Output)));
    }

    [Fact]
    public async Task Cli_reindex_refuses_while_the_site_owns_the_index_and_cli_errors_are_clear()
    {
        var reindex = await CliProcess.RunAsync(app.Database, "reindex");
        Assert.Equal(1, reindex.ExitCode);
        Assert.Contains("in use by a running site", reindex.Error, StringComparison.Ordinal);
        var bad = await CliProcess.RunAsync(app.Database, "search", "x", "--limit", "500");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--limit", bad.Error, StringComparison.Ordinal);
    }
}

/// <summary>The index is derived data: rebuilt by the CLI from the database alone, and it survives the
/// process.</summary>
public sealed class ReindexCliTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Import_then_reindex_then_search_in_separate_processes()
    {
        var file = Path.Combine(database.DataDirectory, "demo.txt");
        await File.WriteAllBytesAsync(file, Listings.Demo());
        var import = await CliProcess.RunAsync(database, "import", file, "--date", "2025-08-07");
        Assert.True(import.ExitCode == 0, import.Error);

        var reindex = await CliProcess.RunAsync(database, "reindex");
        Assert.True(reindex.ExitCode == 0, reindex.Error);
        Assert.Contains("Keyword index rebuilt: 133 papers", reindex.Output, StringComparison.Ordinal);

        var search = await CliProcess.RunAsync(database, "search", "Thinkless", "--mode", "keyword", "--json");
        Assert.True(search.ExitCode == 0, search.Error);
        var ids = JsonDocument.Parse(search.Output).RootElement.EnumerateArray().Select(i =>
            i.GetProperty("paper").GetProperty("id").GetString()).ToList();
        Assert.Equal("thinkless-llm-learns-when-to-think", ids[0]);
        Assert.True(Directory.Exists(Path.Combine(database.DataDirectory, "search", "keyword")));
    }
}
