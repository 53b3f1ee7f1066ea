using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Storage;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

/// <summary>
/// The loopback SMTP sink, run as its own process (<c>DigestBench sink</c>) so the CPU time of the sender and of the
/// sink can be told apart. It prints its port, then answers each "count" line on stdin with the messages received
/// so far; it stops when stdin closes.
/// </summary>
internal sealed class SinkProcess : IAsyncDisposable
{
    private readonly Process process;

    private SinkProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SinkProcess> StartAsync()
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
            { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Started as `dotnet DigestBench.dll` or as the apphost (`dotnet run`): the child is started the same way.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            info.ArgumentList.Add(typeof(SinkProcess).Assembly.Location);
        info.ArgumentList.Add("sink");
        var process = Process.Start(info)!;
        var port = int.Parse((await process.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
        return new SinkProcess(process, port);
    }

    /// <summary>Messages received and the sink process's CPU time so far.</summary>
    public async Task<(int Messages, TimeSpan Cpu)> SnapshotAsync()
    {
        await process.StandardInput.WriteLineAsync("count");
        await process.StandardInput.FlushAsync();
        var count = int.Parse((await process.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
        process.Refresh();
        return (count, process.TotalProcessorTime);
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>The child's side: serve SMTP on a loopback port until stdin closes.</summary>
    public static async Task<int> RunAsync()
    {
        var store = new CountingStore();
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<IPEndPoint>();
        var listeners = new NoDelayListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult((IPEndPoint)e.LocalEndPoint);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b =>
            b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        services.Add(listeners);
        var server = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        Console.WriteLine((await started.Task).Port.ToString(CultureInfo.InvariantCulture));
        while (await Console.In.ReadLineAsync() is not null)
            Console.WriteLine(store.Count.ToString(CultureInfo.InvariantCulture));
        await stop.CancelAsync();
        try { await server; } catch (OperationCanceledException) { }
        return 0;
    }
}

/// <summary>Counts messages without parsing them: the sink should cost as little as a sink can.</summary>
internal sealed class CountingStore : MessageStore
{
    private int count;
    public int Count => count;

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
        ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        return Task.FromResult(SmtpResponse.Ok);
    }
}

/// <summary>
/// Loopback listener with Nagle off (accepted sockets inherit TCP_NODELAY on Linux): with it on, each SMTP reply
/// waits for a delayed ACK (~40 ms) and the sink, not the sender, sets the pace at a few dozen messages a second.
/// </summary>
internal sealed class NoDelayListenerFactory : EndpointListenerFactory
{
    public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = base.CreateListener(endpointDefinition);
        // The package keeps its TcpListener private; the benchmark reaches in once to switch Nagle off.
        var tcp = listener.GetType().GetFields(System.Reflection.BindingFlags.Instance |
            System.Reflection.BindingFlags.NonPublic)
            .Select(f => f.GetValue(listener)).OfType<System.Net.Sockets.TcpListener>().Single();
        tcp.Server.NoDelay = true;
        return listener;
    }
}

/// <summary>
/// Postfix already listening on loopback (<c>DIGEST_BENCH_SMTP_PORT</c>, set up by postfix-sink.sh to discard what it
/// accepts). Its CPU time is that of its master process (found by its command line, which any user may read), the
/// master's reaped children and its live children; the messages it accepted are counted from the sender's side
/// (every 250 reply).
/// </summary>
internal static class PostfixSink
{
    private const string Master = "/usr/lib/postfix/sbin/master";

    public static TimeSpan Cpu()
    {
        var processes = Directory.EnumerateDirectories("/proc").Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit)).Select(Stat).OfType<(int Pid, int Parent, long Ticks,
                string CommandLine)>().ToList();
        var master = processes.Where(p => p.CommandLine.StartsWith(Master, StringComparison.Ordinal)).Select(p =>
            p.Pid).ToHashSet();
        var ticks = processes.Where(p => master.Contains(p.Pid) || master.Contains(p.Parent)).Sum(p => p.Ticks);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
    }

    private static (int Pid, int Parent, long Ticks, string CommandLine)? Stat(string? pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After the parenthesised name: state, ppid (2nd), ... utime, stime, cutime, cstime (12th to 15th).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return (int.Parse(pid!, CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture),
                ticks, commandLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended meanwhile
        }
    }
}
