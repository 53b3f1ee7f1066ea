// Composes and sends a daily digest to N subscribers (default 100,000) through a loopback SMTP sink, and
// reports compose time and messages per second, next to the sink's own ceiling (MailKit blasting pre-built
// messages over one connection), so one can see whether our code or the sink limits sending.
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using DailyPapers.Data;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Feed;
using DailyPapers.Features.Imports;
using DailyPapers.Features.Mail;
using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;
using DailyPapers.Infrastructure;
using MailKit.Net.Smtp;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var dataDir = Directory.CreateTempSubdirectory("dailypapers-digest-bench-").FullName;
var sink = new CountingStore();
using var stopSink = new CancellationTokenSource();
var port = await StartSinkAsync(sink, stopSink.Token);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Instance:DataDirectory"] = dataDir,
    ["Instance:PublicUrl"] = "https://papers.example",
    ["Mail:SmtpHost"] = "127.0.0.1",
    ["Mail:SmtpPort"] = port.ToString(CultureInfo.InvariantCulture),
    ["Mail:SmtpSecurity"] = "None",
    ["Mail:From"] = "DailyPapers <papers@example.org>",
    ["Digests:SendBatchSize"] = "1000",
    ["Logging:LogLevel:Default"] = "Warning",
});
builder.AddInstance();
builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddPapers();
builder.Services.AddFeed();
builder.Services.AddImports();
builder.Services.AddSearch(builder.Configuration);
builder.Services.AddMail(builder.Configuration);
builder.Services.AddDigests();
await using var app = builder.Build();
var provider = builder.Configuration["Database:Provider"] ?? "sqlite";

await DatabaseSetup.MigrateAsync(app.Services, default);
await DemoCorpus.LoadIfEmptyAsync(app.Services, default);
var seed = Stopwatch.StartNew();
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<AppDb>();
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    for (var start = 0; start < subscribers; start += 10_000)
    {
        db.DigestSubscriptions.AddRange(Enumerable.Range(start, Math.Min(10_000, subscribers - start)).Select(i => new DigestSubscription
        {
            Email = $"reader{i}@example.com", Status = SubscriptionStatus.Active, Frequency = DigestFrequency.Daily,
            Topics = i % 10 == 0 ? "language" : "", CreatedAt = DateTime.UtcNow,
        }));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}
Console.WriteLine($"{provider}: seeded {subscribers:N0} subscribers in {seed.Elapsed.TotalSeconds:F1} s (10% with the topic language)");

var compose = Stopwatch.StartNew();
ComposeResult composed;
await using (var scope = app.Services.CreateAsyncScope())
    composed = await scope.ServiceProvider.GetRequiredService<DigestComposer>().ComposeAsync(FeedPeriod.Day(DemoCorpus.Date), null, default);
compose.Stop();
Console.WriteLine($"compose: {compose.Elapsed.TotalSeconds:F1} s ({composed})");

var send = Stopwatch.StartNew();
SendResult sent;
await using (var scope = app.Services.CreateAsyncScope())
    sent = await scope.ServiceProvider.GetRequiredService<DigestSender>().SendDueAsync(default);
send.Stop();
Console.WriteLine($"send: {sent.Sent:N0} messages in {send.Elapsed.TotalSeconds:F1} s = {sent.Sent / send.Elapsed.TotalSeconds:F0} messages/s ({sent}); sink received {sink.Count:N0}");

// The sink's ceiling: the same kind of message, built once, sent back to back over one connection.
var sample = app.Services.GetRequiredService<MailSender>().Build(new OutgoingMail("reader@example.com", "Ceiling", new string('x', 12_000), new string('y', 4_000)));
var ceilingCount = Math.Min(20_000, subscribers);
using (var client = new SmtpClient())
{
    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
    await socket.ConnectAsync(IPAddress.Loopback, port);
    await client.ConnectAsync(socket, "127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
    var ceiling = Stopwatch.StartNew();
    for (var i = 0; i < ceilingCount; i++) await client.SendAsync(sample);
    ceiling.Stop();
    await client.DisconnectAsync(true);
    Console.WriteLine($"sink ceiling (MailKit, pre-built ~16 KB messages, one connection): {ceilingCount / ceiling.Elapsed.TotalSeconds:F0} messages/s");
}

await stopSink.CancelAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(dataDir, recursive: true);
return 0;

static async Task<int> StartSinkAsync(CountingStore store, CancellationToken stop)
{
    var started = new TaskCompletionSource<IPEndPoint>();
    var listeners = new NoDelayListenerFactory();
    listeners.EndpointStarted += (_, e) => started.TrySetResult((IPEndPoint)e.LocalEndPoint);
    var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))).Build();
    var services = new SmtpServer.ComponentModel.ServiceProvider();
    services.Add(store);
    services.Add(listeners);
    _ = new SmtpServer.SmtpServer(options, services).StartAsync(stop);
    return (await started.Task).Port;
}

/// <summary>Counts messages without parsing them: the sink should cost as little as a sink can.</summary>
internal sealed class CountingStore : MessageStore
{
    private int count;
    public int Count => count;

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
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
        var tcp = listener.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(f => f.GetValue(listener)).OfType<System.Net.Sockets.TcpListener>().Single();
        tcp.Server.NoDelay = true;
        return listener;
    }
}
