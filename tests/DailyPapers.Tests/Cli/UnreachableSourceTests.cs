using DailyPapers.Tests.Harvest;
using DailyPapers.Tests.Infrastructure;

namespace DailyPapers.Tests.Cli;

/// <summary>
/// `harvest` and `import --arxiv` when the source cannot be reached: a host with no name or nothing listening fails
/// at once with one line (the default etiquette is kept, whose retries would take minutes); other failures are
/// retried with one line each and no stack traces, and the final message counts the requests really sent.
/// </summary>
public sealed class UnreachableSourceTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();
    public async Task DisposeAsync() => await database.DisposeAsync();

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Theory]
    [InlineData("http://nonexistent.invalid/oai",
        "error: cannot reach nonexistent.invalid: name not resolved (no network?)")]
    [InlineData(AppFactory.ClosedPort + "oai",
        "error: cannot reach 127.0.0.1:9: connection refused (nothing listens there)")]
    public async Task Harvest_from_an_unreachable_host_fails_at_once_with_one_line(string endpoint, string message)
    {
        var result = await CliProcess.RunAsync(database, "harvest", "--from", "2025-01-15", "--endpoint", endpoint);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([message], Lines(result.Error));
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Import_from_an_unreachable_arXiv_API_fails_at_once_with_one_line()
    {
        var result = await CliProcess.RunWithSettingsAsync(database,
            new Dictionary<string, string> { ["Harvest:ArxivApiEndpoint"] = "http://nonexistent.invalid/api/query" },
            "import", "--arxiv", "2212.07677");

        Assert.Equal(1, result.ExitCode);
        const string message = "error: arXiv API: cannot reach nonexistent.invalid: name not resolved (no network?)."
            + " Nothing was imported.";
        Assert.Equal([message], Lines(result.Error));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_with_one_line_each_and_the_message_counts_the_requests()
    {
        await using var server = await FixtureServer.StartAsync();
        server.Respond = context =>
        {
            context.Abort();
            return Task.CompletedTask;
        };
        var settings = new Dictionary<string, string>(HarvestAppFactory.FastEtiquette) { ["Harvest:MaxRetries"] = "2" };

        var result = await CliProcess.RunWithSettingsAsync(database, settings,
            "harvest", "--from", "2025-01-15", "--endpoint", server.OaiEndpoint);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(3, server.Requests.Count); // the first request and 2 retries; the page is not fetched again on top
        var lines = Lines(result.Error);
        Assert.Equal(3, lines.Length);
        // The verb's host (and with it the console logger's queue) is disposed before the error line is written.
        const string retry = @"^warn: \S+ GET \S+/oai\?\S+ failed \(.+\); retry [12] of 2 in [\d.]+ s$";
        Assert.All(lines[..2], line => Assert.Matches(retry, line));
        var error = lines[2];
        Assert.StartsWith("error: page 1 of " + server.OaiEndpoint, error, StringComparison.Ordinal);
        Assert.EndsWith("(gave up after 3 requests)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_after_until_is_refused_before_anything_is_opened()
    {
        var result = await CliProcess.RunAsync(database, "harvest", "--from", "2025-02-01", "--until", "2025-01-31");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: --from 2025-02-01 is after --until 2025-01-31: nothing to harvest"], Lines(result.Error));
        Assert.False(File.Exists(Path.Combine(database.DataDirectory, "dailypapers.db")));
    }
}
