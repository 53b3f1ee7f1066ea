using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DailyPapers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Cli;

/// <summary>The executable's verbs, run as child processes on a real database.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();
    public async Task DisposeAsync() => await database.DisposeAsync();

    private string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(database.DataDirectory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] HfDailyItem(string paperFields) => Encoding.UTF8.GetBytes(
        $$"""[{"paper": {"id": "2508.00001", {{paperFields}}}, "publishedAt": "2025-08-08T00:00:00Z"}]""");

    private async Task<int> CountPapersAsync()
    {
        await using var db = database.OpenDb();
        return await db.Papers.CountAsync();
    }

    [Fact]
    public async Task Import_prints_a_one_line_summary_and_is_idempotent()
    {
        var file = WriteFile("listing.txt", Listings.Demo());

        var first = await CliProcess.RunAsync(database, "import", file, "--format", "listing", "--date", "2025-08-07");
        var second = await CliProcess.RunAsync(database, "import", file, "--format", "listing", "--date", "2025-08-07");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("listing.txt: added 133, updated 0, unchanged 0", first.Output.Trim());
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("listing.txt: added 0, updated 0, unchanged 133", second.Output.Trim());
        Assert.Equal(133, await CountPapersAsync());
    }

    [Fact]
    public async Task Import_of_hf_daily_json_keeps_the_featured_dates()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-daily.json");
        var result = await CliProcess.RunAsync(database, "import", file, "--format", "hf-daily");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hf-daily.json: added 3, updated 0, unchanged 0", result.Output.Trim());
        await using var db = database.OpenDb();
        Assert.Equal([new DateOnly(2025, 8, 8)], await db.DailyEntries.Select(e => e.Date).Distinct().ToListAsync());
    }

    [Fact]
    public async Task A_malformed_file_exits_1_naming_the_line_and_imports_nothing()
    {
        var file = WriteFile("broken.txt", Listings.Text("Aug 7\n\nGood title\n\nGood abstract.\n\nOrphan title\n"));
        Assert.Equal(0, (await CliProcess.RunAsync(database, "migrate")).ExitCode);

        var result = await CliProcess.RunAsync(database, "import", file, "--format", "listing", "--date", "2025-08-07");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: broken.txt: line 7: title \"Orphan title\" has no abstract. Nothing was imported.",
            result.Error.Trim());
        Assert.Equal("", result.Output);
        Assert.Equal(0, await CountPapersAsync());
    }

    [Fact]
    public async Task A_record_with_a_control_character_is_refused_naming_the_item_and_field()
    {
        var file = WriteFile("bell.json", HfDailyItem("\"title\": \"Bell\\u0003 ringing\""));
        Assert.Equal(0, (await CliProcess.RunAsync(database, "migrate")).ExitCode);

        var result = await CliProcess.RunAsync(database, "import", file, "--format", "hf-daily");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "error: bell.json: item 0 (2508.00001): title contains the control character U+0003. Nothing was imported.",
            result.Error.Trim());
        Assert.Equal(0, await CountPapersAsync());
    }

    [Fact]
    public async Task An_error_that_ends_a_sentence_is_not_followed_by_a_second_full_stop()
    {
        var file = WriteFile("cut.json", Encoding.UTF8.GetBytes("""[{"paper": {"id": "2508.00001", "title": "x"}"""));
        Assert.Equal(0, (await CliProcess.RunAsync(database, "migrate")).ExitCode);

        var result = await CliProcess.RunAsync(database, "import", file, "--format", "hf-daily");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: cut.json: invalid JSON at line 1", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("should be closed. Nothing was imported.", result.Error.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("..", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_that_is_not_a_url_is_left_out_with_a_warning()
    {
        var file = WriteFile("links.json",
            HfDailyItem("\"title\": \"x\", \"githubRepo\": \"\\\"><script>alert(1)</script>\""));
        Assert.Equal(0, (await CliProcess.RunAsync(database, "migrate")).ExitCode);

        var result = await CliProcess.RunAsync(database, "import", file, "--format", "hf-daily");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("warning: links.json: item 0 (2508.00001): "
            + "\"githubRepo\" is not an http(s) URL; the paper is imported without it", result.Error.Trim());
        await using var db = database.OpenDb();
        Assert.Null(await db.Papers.Where(p => p.Id == "2508.00001").Select(p => p.GithubRepo).SingleAsync());
    }

    [Theory]
    [InlineData("--date", "2025-8-7", "error: --date '2025-8-7' is not a date (expected YYYY-MM-DD)")]
    [InlineData("--format", "csv", "Argument 'csv' not recognized. Must be one of:")]
    public async Task Bad_options_are_rejected_with_a_message(string option, string value, string message)
    {
        var file = WriteFile("listing.txt", Listings.Demo());
        var result = await CliProcess.RunAsync(database, "import", file, option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_reported()
    {
        var result = await CliProcess.RunAsync(database, "import", "/nonexistent/file.txt");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: /nonexistent/file.txt: no such file", result.Error.Trim());
    }

    [Theory]
    [InlineData("serve", new[] { "--urls", "--no-demo", "--data-dir" })]
    [InlineData("import", new[] { "--format", "--date", "--data-dir", "<file>" })]
    [InlineData("migrate", new[] { "--data-dir" })]
    public async Task Every_verb_has_help(string verb, string[] options)
    {
        var result = await CliProcess.RunAsync(database, verb, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.All(options, option => Assert.Contains(option, result.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrate_creates_the_schema_on_an_empty_instance()
    {
        var result = await CliProcess.RunAsync(database, "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Database is up to date.", result.Output.Trim());
        Assert.Equal(0, await CountPapersAsync());
    }

    [Fact]
    public async Task User_verbs_create_an_admin_and_add_roles_with_clear_errors()
    {
        Assert.Equal(0, (await CliProcess.RunAsync(database, "migrate")).ExitCode);

        var created = await CliProcess.RunWithInputAsync(database, "Correct horse battery 42", "user", "create",
            "alice", "alice@example.org", "--admin");
        var curator = await CliProcess.RunAsync(database, "user", "add-role", "alice", "curator");
        var noPassword = await CliProcess.RunWithInputAsync(database, null, "user", "create", "bob", "bob@example.org");
        var badRole = await CliProcess.RunAsync(database, "user", "add-role", "alice", "emperor");
        var nobody = await CliProcess.RunAsync(database, "user", "add-role", "nobody", "curator");

        Assert.Equal((0, "Created user alice (admin)."), (created.ExitCode, created.Output.Trim()));
        Assert.Equal((0, "alice is now curator."), (curator.ExitCode, curator.Output.Trim()));
        Assert.Equal((1, "error: no password given on standard input"), (noPassword.ExitCode, noPassword.Error.Trim()));
        Assert.Equal(1, badRole.ExitCode);
        Assert.Equal((1, "error: there is no user 'nobody'"), (nobody.ExitCode, nobody.Error.Trim()));
        await using var db = database.OpenDb();
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id,
            (ur, r) => r.Name).OrderBy(n => n).ToListAsync();
        Assert.Equal(["admin", "curator"], roles);
        Assert.True(await db.Users.AnyAsync(u => u.UserName == "alice" && u.EmailConfirmed && u.PasswordHash != null));
    }

    [Fact]
    public async Task User_token_prints_a_new_api_token_once()
    {
        Assert.Equal(0, (await CliProcess.RunAsync(database, "migrate")).ExitCode);
        var user = await CliProcess.RunWithInputAsync(database, "Correct horse battery 42",
            "user", "create", "alice", "alice@example.org");
        Assert.Equal(0, user.ExitCode);

        var created = await CliProcess.RunAsync(database, "user", "token", "alice", "--name", "my laptop");
        var nobody = await CliProcess.RunAsync(database, "user", "token", "nobody", "--name", "x");
        var unnamed = await CliProcess.RunAsync(database, "user", "token", "alice", "--name", " ");

        Assert.Equal(0, created.ExitCode);
        var token = created.Output.Trim();
        Assert.Matches("^dp_[A-Za-z0-9_-]{43}$", token);
        Assert.Equal((1, "error: there is no user 'nobody'"), (nobody.ExitCode, nobody.Error.Trim()));
        Assert.Equal((1, "error: give the token a name of 1 to 100 characters"),
            (unnamed.ExitCode, unnamed.Error.Trim()));
        await using var db = database.OpenDb();
        var stored = await db.PersonalAccessTokens.SingleAsync();
        Assert.Equal(("my laptop", DailyPapers.Features.Accounts.ApiTokens.Hash(token)),
            (stored.Name, stored.TokenHash));
    }

    [Theory]
    [InlineData(false, 133)]
    [InlineData(true, 0)]
    public async Task Serve_on_an_empty_instance_loads_the_demo_unless_told_not_to(bool noDemo, int expected)
    {
        var port = FreePort();
        string[] args = noDemo ? ["serve", "--urls", $"http://127.0.0.1:{port}", "--no-demo"]
            : ["serve", "--urls", $"http://127.0.0.1:{port}"];
        using var server = Process.Start(CliProcess.StartInfo(database, args))!;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.Timeout = Patience.HangGuard;
            var first = await WaitForAsync(client, "/api/daily_papers?date=2025-08-07&limit=100", server);
            var second = JsonDocument.Parse(await
                client.GetStringAsync("/api/daily_papers?date=2025-08-07&limit=100&p=1")).RootElement;
            Assert.Equal(expected, first.GetArrayLength() + second.GetArrayLength());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string url, Process server)
    {
        using var timeout = new CancellationTokenSource(Patience.HangGuard);
        while (true)
        {
            Assert.False(server.HasExited,
                $"serve exited with {(server.HasExited ? server.ExitCode : 0)}: " +
                    $"{(server.HasExited ? await server.StandardError.ReadToEndAsync() : "")}");
            try
            {
                return JsonDocument.Parse(await client.GetStringAsync(url, timeout.Token)).RootElement;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, timeout.Token); // the server is still starting: poll, don't assume a duration
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
