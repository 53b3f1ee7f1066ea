using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Tests.Infrastructure;

namespace DailyPapers.Tests.Cli;

/// <summary>
/// An instance's files hold password hashes, signing keys and addresses: the real executable makes its data directory
/// and everything in it (database, -wal/-shm, keys, search index, mail pickup) reachable by its owner only, and
/// tightens an older instance's looser modes at start-up, saying so once.
/// </summary>
public sealed partial class DataDirectoryPermissionTests : IAsyncLifetime
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite
        | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
    private const UnixFileMode OwnerOnlyDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly string[] SqliteFiles = ["dailypapers.db", "dailypapers.db-wal", "dailypapers.db-shm"];
    private TestDatabase database = null!;

    /// <summary>Made by the app (the test's own temporary directory already is owner-only).</summary>
    private string Instance => Path.Combine(database.DataDirectory, "instance");

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();
    public async Task DisposeAsync() => await database.DisposeAsync();

    private Dictionary<string, string> Settings(int port = 0) => new()
    {
        ["Instance:DataDirectory"] = Instance,
        ["Instance:PublicUrl"] = $"http://127.0.0.1:{port}",
        ["Search:EmbeddingWorkers"] = "0",
    };

    [Fact]
    public async Task A_new_instance_makes_every_file_and_directory_owner_only()
    {
        var listing = Path.Combine(database.DataDirectory, "listing.txt");
        await File.WriteAllBytesAsync(listing, Listings.Demo());
        var import = await CliProcess.RunWithSettingsAsync(database, Settings(),
            "import", listing, "--format", "listing", "--date", "2025-08-07");
        Assert.Equal(0, import.ExitCode);

        await using (var site = await Site.StartAsync(database, Settings))
        {
            // A confirmation mail in the pickup folder (the signing keys live in the database, not in files).
            await site.SubscribeAsync("reader@example.org");
            await Poll.UntilAsync(() => Files("mail-pickup", "*.eml").Length > 0
                && Files(Path.Combine("search", "keyword"), "*").Length > 0 ? "written" : null);
        } // killed, as a crash would: SQLite's -wal and -shm stay

        if (TestDatabase.Provider == "sqlite")
            Assert.All(SqliteFiles, name => Assert.True(File.Exists(Path.Combine(Instance, name)), name));
        Assert.Empty(Entries().Where(e => (e.UnixFileMode & GroupOrOther) != 0)
            .Select(e => $"{e.FullName} {e.UnixFileMode}"));
        Assert.Equal(OwnerOnlyDirectory, new DirectoryInfo(Instance).UnixFileMode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_older_instance_with_loose_modes_is_tightened_at_start_up_and_said_once()
    {
        Assert.Equal(0, (await CliProcess.RunWithSettingsAsync(database, Settings(), "migrate")).ExitCode);
        Directory.CreateDirectory(Instance); // on PostgreSQL, migrating writes nothing there
        var loose = Path.Combine(Instance, "notes.txt");
        await File.WriteAllTextAsync(loose, "made by an older version");
        File.SetUnixFileMode(loose, (UnixFileMode)0b110_100_100); // 0644
        File.SetUnixFileMode(Instance, (UnixFileMode)0b111_101_101); // 0755

        string output;
        await using (var site = await Site.StartAsync(database, Settings))
            output = site.Output;

        Assert.Empty(Entries().Where(e => (e.UnixFileMode & GroupOrOther) != 0).Select(e => e.FullName));
        Assert.Single(Tightened().Matches(output));
    }

    private string[] Files(string directory, string pattern)
    {
        var path = Path.Combine(Instance, directory);
        return Directory.Exists(path) ? Directory.GetFiles(path, pattern) : [];
    }

    private IEnumerable<FileSystemInfo> Entries()
    {
        var top = new DirectoryInfo(Instance);
        return top.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Prepend(top);
    }

    [GeneratedRegex(@"files and directories under \S+ were readable by other local users")]
    private static partial Regex Tightened();

    /// <summary>`serve` as a child process on a free loopback port, killed on dispose.</summary>
    private sealed partial class Site : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly HttpClient client;

        private Site(Process process, HttpClient client) => (this.process, this.client) = (process, client);

        public string Output
        {
            get { lock (output) return output.ToString(); }
        }

        public static async Task<Site> StartAsync(TestDatabase database, Func<int, Dictionary<string, string>> settings)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            var info = CliProcess.StartInfo(database, "serve", "--urls", $"http://127.0.0.1:{port}");
            foreach (var (key, value) in settings(port))
                info.Environment["DAILYPAPERS_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
            var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience.HangGuard,
            };
            var site = new Site(Process.Start(info)!, client);
            site.process.OutputDataReceived += (_, e) => site.Append(e.Data);
            site.process.ErrorDataReceived += (_, e) => site.Append(e.Data);
            site.process.BeginOutputReadLine();
            site.process.BeginErrorReadLine();
            await Poll.UntilAsync(async () => site.process.HasExited || await site.AnswersAsync() ? site : null);
            Assert.False(site.process.HasExited, site.Output);
            return site;
        }

        private async Task<bool> AnswersAsync()
        {
            try
            {
                using var response = await client.GetAsync("/");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false; // still starting
            }
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
        }

        public async Task SubscribeAsync(string email)
        {
            var form = await client.GetStringAsync("/subscribe");
            var token = AntiforgeryToken().Match(form).Groups[1].Value;
            var fields = new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["__RequestVerificationToken"] = token,
            };
            using var response = await client.PostAsync("/subscribe", new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryToken();
    }
}
