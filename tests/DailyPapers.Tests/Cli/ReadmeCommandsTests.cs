using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Tests.Infrastructure;

namespace DailyPapers.Tests.Cli;

/// <summary>
/// Every command of README.md that runs <c>./dailypapers</c> or <c>./run</c> (in a <c>```bash</c> block), run as
/// printed, in order, by bash in a checkout-like directory with an instance of its own. Each must exit 0; a trailing
/// comment with <c>prints "TEXT"</c> says what its output must contain; a site (<c>./run</c>, <c>serve</c>) must
/// answer at the address it says it listens on. A trailing comment with <c>needs: network</c> (or <c>smtp</c>,
/// <c>postgres</c>: anything this machine may lack) skips the line. A user created by the README can then sign in
/// on the site the same script starts on the same instance.
/// </summary>
public sealed partial class ReadmeCommandsTests : IAsyncLifetime
{
    private const string Password = "Readme-password-42";
    private readonly DirectoryInfo checkout = Directory.CreateTempSubdirectory("dailypapers-readme-");

    public Task InitializeAsync()
    {
        // The checkout's files, but an instance (./data) and a working directory of the test's own: files a command
        // writes (a digest preview ...) land here, not in the repository. The scripts are copies, so that the
        // checkout they find themselves in (and its ./data, their default instance) is this one.
        var entries = new DirectoryInfo(CliProcess.RepositoryRoot).EnumerateFileSystemInfos()
            .Where(e => e.Name is not ("data" or ".git"));
        foreach (var entry in entries)
        {
            var target = Path.Combine(checkout.FullName, entry.Name);
            if (entry.Name is "dailypapers" or "run") File.Copy(entry.FullName, target);
            else File.CreateSymbolicLink(target, entry.FullName);
        }
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        checkout.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_READMEs_commands_work_as_printed_and_share_one_instance()
    {
        var commands = ReadmeCommand.Parse(File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "README.md")));
        Assert.Contains(commands, c => c.IsSite); // the parser found the README's commands at all

        foreach (var command in commands.Where(c => c.Needs is null))
        {
            if (command.IsSite)
            {
                await using var site = await Site.StartAsync(this, command.Line);
                continue;
            }
            var result = await RunAsync(command.Line);
            Assert.True(result.ExitCode == 0, $"README: `{command.Line}` exited {result.ExitCode}:\n{result.Output}");
            if (command.Prints is { } expected) Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        }

        // The site, started from another directory, is the instance the README's verbs worked on.
        foreach (var (user, password) in commands.Where(c => c.Needs is null).SelectMany(c => c.CreatedUsers(Password)))
        {
            await using var site = await Site.StartAsync(this, $"cd / && {checkout.FullName}/run");
            Assert.True(await site.SignsInAsync(user, password), $"README: user {user} cannot sign in on ./run's site");
        }
        Assert.True(File.Exists(Path.Combine(checkout.FullName, "data", "dailypapers.db"))); // the default: ./data
    }

    private ProcessStartInfo Bash(string line)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = checkout.FullName,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(line);
        info.Environment.Remove("DAILYPAPERS_DATA_DIR"); // the scripts' default: ./data of the checkout they are in
        // The test run built the app; building it again would compete with the other tests for the same files.
        info.Environment["DAILYPAPERS_NO_BUILD"] = "1";
        info.Environment["PASSWORD"] = Password;
        return info;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string line)
    {
        var result = await CliProcess.RunAsync(Bash(line), input: null);
        return (result.ExitCode, result.Output + result.Error);
    }

    /// <summary>A site a README line starts (<c>--urls</c> set to a free loopback port); stopped on dispose.</summary>
    private sealed partial class Site : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly HttpClient client;

        private Site(Process process, Uri url)
        {
            this.process = process;
            var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
            client = new HttpClient(handler) { BaseAddress = url, Timeout = Patience.HangGuard };
        }

        public static async Task<Site> StartAsync(ReadmeCommandsTests test, string line)
        {
            var port = FreePort();
            var url = $"http://127.0.0.1:{port}";
            line = Urls().IsMatch(line) ? Urls().Replace(line, $"--urls {url}") : $"{line} --urls {url}";
            var info = test.Bash(line);
            var process = Process.Start(info)!;
            process.StandardInput.Close();
            var site = new Site(process, new Uri(url));
            var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Collect(string? text)
            {
                if (text is null) return;
                lock (site.output) site.output.AppendLine(text);
                if (Banner().Match(text) is { Success: true } banner) listening.TrySetResult(banner.Groups[1].Value);
            }
            process.OutputDataReceived += (_, e) => Collect(e.Data);
            process.ErrorDataReceived += (_, e) => Collect(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var exited = process.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(Patience.HangGuard);
            var guard = Task.Delay(Timeout.Infinite, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            var first = await Task.WhenAny(listening.Task, exited, guard);
            if (first != listening.Task)
            {
                await site.DisposeAsync();
                Assert.Fail($"README: `{line}` never said \"DailyPapers is listening on\":\n{site.Output}");
            }
            // The address it announces is the one it was asked for, and it answers there.
            Assert.Equal(url, await listening.Task);
            var home = await site.client.GetAsync("/");
            Assert.True(home.StatusCode == HttpStatusCode.OK,
                $"README: `{line}`: GET / gave {home.StatusCode}\n{site.Output}");
            return site;
        }

        private string Output
        {
            get { lock (output) return output.ToString(); }
        }

        public async Task<bool> SignsInAsync(string login, string password)
        {
            var form = await client.GetStringAsync("/account/sign-in");
            var token = AntiforgeryToken().Match(form).Groups[1].Value;
            var fields = new Dictionary<string, string>
            {
                ["Login"] = login, ["Password"] = password, ["__RequestVerificationToken"] = token,
            };
            using var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(fields));
            if (response.StatusCode != HttpStatusCode.Redirect) return false;
            using var settings = await client.GetAsync("/account/settings");
            return settings.StatusCode == HttpStatusCode.OK;
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        [GeneratedRegex(@"--urls[ =]\S+")]
        private static partial Regex Urls();

        [GeneratedRegex(@"DailyPapers is listening on (\S+?)[ ,]")]
        private static partial Regex Banner();

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryToken();
    }
}

/// <summary>One command of the README: the command line as printed and what its trailing comment says.</summary>
public sealed partial record ReadmeCommand(string Line, string? Needs, string? Prints)
{
    /// <summary>A site runs until stopped: <c>./run</c> or <c>./dailypapers serve</c>.</summary>
    public bool IsSite => SiteCommand().IsMatch(Line);

    /// <summary><c>```bash</c> lines that run <c>./dailypapers</c> or <c>./run</c>, continued lines joined.</summary>
    public static List<ReadmeCommand> Parse(string readme)
    {
        var commands = new List<ReadmeCommand>();
        var inBash = false;
        var pending = "";
        foreach (var raw in readme.Split('\n'))
        {
            var text = raw.TrimEnd('\r');
            if (text.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBash = !inBash && text.Trim() == "```bash";
                pending = "";
                continue;
            }
            if (!inBash) continue;
            if (text.EndsWith('\\'))
            {
                pending += text[..^1];
                continue;
            }
            var (line, comment) = SplitComment(pending + text);
            pending = "";
            if (!RunsTheScripts().IsMatch(line)) continue;
            var needs = NeedsMarker().Match(comment);
            var prints = PrintsMarker().Match(comment);
            commands.Add(new ReadmeCommand(line.Trim(), needs.Success ? needs.Groups[1].Value : null,
                prints.Success ? prints.Groups[1].Value : null));
        }
        return commands;
    }

    /// <summary>The user a <c>user create NAME EMAIL</c> line makes, with the password it pipes in.</summary>
    public IEnumerable<(string User, string Password)> CreatedUsers(string passwordVariable)
    {
        if (UserCreate().Match(Line) is not { Success: true } create) yield break;
        var echoed = Echo().Match(Line);
        if (!echoed.Success) yield break;
        var password = echoed.Groups[1].Value.Trim('"', '\'')
            .Replace("$PASSWORD", passwordVariable, StringComparison.Ordinal);
        yield return (create.Groups[1].Value, password);
    }

    /// <summary>The command and its trailing comment: the first <c>#</c> after a space, outside quotes.</summary>
    private static (string Line, string Comment) SplitComment(string text)
    {
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null) { if (c == quote) quote = null; }
            else if (c is '"' or '\'') quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1]))) return (text[..i], text[(i + 1)..]);
        }
        return (text, "");
    }

    [GeneratedRegex(@"(^|[\s|;&(])\./(dailypapers|run)(\s|$)")]
    private static partial Regex RunsTheScripts();

    [GeneratedRegex(@"(^|[\s|;&(])\./(run(\s|$)|dailypapers\s+serve\b)")]
    private static partial Regex SiteCommand();

    [GeneratedRegex(@"\bneeds:\s*([\w-]+)")]
    private static partial Regex NeedsMarker();

    [GeneratedRegex("\\bprints \"([^\"]+)\"")]
    private static partial Regex PrintsMarker();

    [GeneratedRegex(@"\buser\s+create\s+(\S+)\s+\S+")]
    private static partial Regex UserCreate();

    [GeneratedRegex(@"\becho\s+(""[^""]*""|'[^']*'|\S+)\s*\|")]
    private static partial Regex Echo();
}
