using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DailyPapers.Tests.Infrastructure;

namespace DailyPapers.Tests.MultiNode;

/// <summary>
/// Three node processes of the built app on one PostgreSQL database, sharing a real Redis, behind a real nginx that
/// balances them round robin; all started by <c>scripts/test-multinode.sh</c> (PostgreSQL, Redis, nginx), which
/// passes their addresses in the environment. The nodes listen on the ports nginx balances.
/// </summary>
public sealed class BalancedCluster : IAsyncLifetime
{
    public const string Password = "Correct horse battery 42";

    /// <summary>Limits the tests count against (windows long enough that a slow run stays in one window).</summary>
    public const int VoteLimit = 30;
    public const int SignInLimit = 10;

    private readonly List<string> directories = [];

    public TestDatabase Database { get; private set; } = null!;

    public Uri Balancer { get; } = new(Setting("DAILYPAPERS_TEST_BALANCER"));

    public string Redis { get; } = Setting("DAILYPAPERS_TEST_REDIS");

    public IReadOnlyList<int> NodePorts { get; } =
        [.. Setting("DAILYPAPERS_TEST_NODE_PORTS").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];

    /// <summary>Free ports of the suite's range for extra nodes (the start-up test).</summary>
    public int SparePortBase { get; } = int.Parse(Setting("DAILYPAPERS_TEST_SPARE_PORT_BASE"),
        CultureInfo.InvariantCulture);

    public List<ServeProcess> Nodes { get; } = [];

    public static string Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new
            InvalidOperationException($"{name} is not set: the multi-node suite runs under scripts/test-multinode.sh "
            + "(./test runs it), which starts PostgreSQL, Redis and nginx.");

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        for (var i = 0; i < NodePorts.Count; i++) Nodes.Add(StartNode(i));
        foreach (var node in Nodes) await node.ListeningAsync();
        foreach (var port in NodePorts) await ReadyAsync(port);
    }

    /// <summary>The settings every node of the cluster runs with.</summary>
    public (string Key, string Value)[] NodeSettings() =>
    [
        ("Redis:Configuration", Redis),
        ("Redis:TimeoutMilliseconds", "10000"), // the suite runs on a busy machine: Redis must not seem away
        ("Instance:PublicUrl", Balancer.ToString().TrimEnd('/')),
        ("Instance:TrustedProxies:0", "127.0.0.1"),
        ("Community:Vote:PermitLimit", VoteLimit.ToString(CultureInfo.InvariantCulture)),
        ("Community:Vote:WindowSeconds", "3600"),
        ("Community:Comment:PermitLimit", "100000"),
        ("Accounts:SignIn:PermitLimit", SignInLimit.ToString(CultureInfo.InvariantCulture)),
        ("Accounts:SignIn:WindowSeconds", "3600"),
        ("Search:EmbeddingWorkers", "1"),
        ("Metrics:Enabled", "true"),
        // Only an eviction can show a change on another node's cached page within a test's patience.
        ("Instance:PageCacheSeconds", "3600"),
    ];

    /// <summary>Starts node <paramref name="index"/> (again) on its port, with its own data directory.</summary>
    public ServeProcess StartNode(int index)
    {
        while (directories.Count <= index)
            directories.Add(Directory.CreateTempSubdirectory("dailypapers-mn-").FullName);
        return ServeProcess.StartOn(NodePorts[index], Database, directories[index], NodeSettings());
    }

    public string PickupDirectory(int index) => Path.Combine(directories[index], "mail-pickup");

    public static Uri Node(int port) => new($"http://127.0.0.1:{port}");

    public Uri NodeUri(int index) => Node(NodePorts[index]);

    /// <summary>Waits until the node at <paramref name="port"/> says it is ready (database and index).</summary>
    public static async Task ReadyAsync(int port)
    {
        using var client = new HttpClient { BaseAddress = Node(port) };
        await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK ? "ready" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, TimeSpan.FromMinutes(3));
    }

    /// <summary>A browser: cookies kept (shared between nodes: cookies ignore the port), no redirects
    /// followed.</summary>
    public static HttpClient Browser(Uri baseAddress, CookieContainer cookies, IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        if (from is not null)
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(from, 0)); // another visitor's address, as nginx sees it
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    /// <summary>An account made with the CLI (confirmed), and an API token for it.</summary>
    public async Task<string> CreateUserWithTokenAsync(string name)
    {
        var created = await CliProcess.RunWithInputAsync(Database, Password, "user", "create", name,
            $"{name}@example.org");
        Assert.True(created.ExitCode == 0, created.Error);
        var token = await CliProcess.RunAsync(Database, "user", "token", name, "--name", "load");
        Assert.True(token.ExitCode == 0, token.Error);
        return token.Output.Trim();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        await Database.DisposeAsync();
        foreach (var directory in directories) Directory.Delete(directory, recursive: true);
    }
}
