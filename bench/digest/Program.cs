// Composes and sends a daily digest to N subscribers (default 100,000) through a loopback SMTP sink, and
// reports compose time and messages per second, next to the sink's own ceiling: MailKit blasting one of our digests,
// built once, over as many connections as the sender uses, so one can see whether our code or the sink limits sending.
// The sink runs in this process: on a small machine it shares the CPU with the sender, in both measurements alike.
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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
// Weekly subscribers whose digest is sent first, untimed, so both timed runs find the JIT done (tiered compilation
// otherwise runs the first seconds of whichever measurement comes first on unoptimized code).
var warmUp = Math.Max(1, subscribers / 20);
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
    for (var start = 0; start < subscribers + warmUp; start += 10_000)
    {
        db.DigestSubscriptions.AddRange(Enumerable.Range(start, Math.Min(10_000, subscribers + warmUp - start)).Select(i => new DigestSubscription
        {
            Email = $"reader{i}@example.com", Status = SubscriptionStatus.Active, Frequency = i < subscribers ? DigestFrequency.Daily : DigestFrequency.Weekly,
            Topics = i % 10 == 0 ? "language" : "", CreatedAt = DateTime.UtcNow,
        }));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}
Console.WriteLine($"{provider}: seeded {subscribers:N0} subscribers in {seed.Elapsed.TotalSeconds:F1} s (10% with the topic language), and {warmUp:N0} weekly ones to warm up");

var connections = app.Services.GetRequiredService<IOptions<DigestOptions>>().Value.SendConnections;
await using (var scope = app.Services.CreateAsyncScope())
{
    var weekly = FeedPeriod.Containing(PeriodKind.Week, DemoCorpus.Date);
    var week = await scope.ServiceProvider.GetRequiredService<DigestComposer>().ComposeAsync(weekly, null, default);
    var warm = await SendDueAsync(app.Services);
    var sample = await SampleDigestAsync(scope.ServiceProvider, weekly);
    await CeilingAsync(port, connections, warmUp, sample);
    Console.WriteLine($"warm-up: {week}; {warm}; and {warmUp:N0} ceiling messages");
}

var compose = Stopwatch.StartNew();
ComposeResult composed;
await using (var scope = app.Services.CreateAsyncScope())
    composed = await scope.ServiceProvider.GetRequiredService<DigestComposer>().ComposeAsync(FeedPeriod.Day(DemoCorpus.Date), null, default);
compose.Stop();
Console.WriteLine($"compose: {compose.Elapsed.TotalSeconds:F1} s ({composed})");

var received = sink.Count;
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var send = Stopwatch.StartNew();
var sent = await SendDueAsync(app.Services);
send.Stop();
var sendRate = sent.Sent / send.Elapsed.TotalSeconds;
var sendCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / sent.Sent;
Console.WriteLine($"send: {sent.Sent:N0} messages in {send.Elapsed.TotalSeconds:F1} s = {sendRate:F0} messages/s over {connections} connections, " +
    $"{sendCpu:F0} µs CPU per message, sink included ({sent}); sink received {sink.Count - received:N0}");

var ceilingCount = Math.Min(30_000, subscribers);
double ceilingRate, ceilingCpu, sampleSize;
await using (var scope = app.Services.CreateAsyncScope())
{
    var sample = await SampleDigestAsync(scope.ServiceProvider, FeedPeriod.Day(DemoCorpus.Date));
    using var measured = new MemoryStream();
    await sample().WriteToAsync(measured);
    sampleSize = measured.Length / 1024.0;
    received = sink.Count;
    cpu = Process.GetCurrentProcess().TotalProcessorTime;
    ceilingRate = await CeilingAsync(port, connections, ceilingCount, sample);
    ceilingCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / (sink.Count - received);
}
Console.WriteLine($"sink ceiling (MailKit, one of our digests ({sampleSize:F1} KB) built once per connection, {connections} connections): {ceilingRate:F0} messages/s, " +
    $"{ceilingCpu:F0} µs CPU per message, sink included; sink received {sink.Count - received:N0}");
Console.WriteLine($"send / ceiling: {sendRate / ceilingRate:P0}");

await stopSink.CancelAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(dataDir, recursive: true);
return 0;

static async Task<SendResult> SendDueAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    return await scope.ServiceProvider.GetRequiredService<DigestSender>().SendDueAsync(default);
}

// A digest of the period as the sender sends it (template, recipient's links, MIME), for the ceiling to send again and again.
static async Task<Func<MimeMessage>> SampleDigestAsync(IServiceProvider services, FeedPeriod period)
{
    var db = services.GetRequiredService<AppDb>();
    var key = DigestSchedule.PeriodKey(period);
    var row = await db.DigestOutbox.AsNoTracking().Where(o => o.PeriodKey == key && o.Subscription.Topics == "").OrderBy(o => o.Id).FirstAsync();
    var ids = row.PaperIds.Split(' ');
    var papers = await db.Papers.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(PaperView.Projection).ToDictionaryAsync(p => p.Id);
    var renderer = services.GetRequiredService<DigestRenderer>();
    var template = renderer.Prepare(period, "", [.. ids.Select(id => papers[id])], "https://papers.example");
    var token = services.GetRequiredService<DigestTokens>().Manage(row.SubscriptionId);
    var mail = services.GetRequiredService<MailSender>();
    return () => mail.Build(renderer.Render(template, "reader@example.com", token, row.MessageId));
}

// Each connection sends its own copy of the message (a MimeMessage is not shared across threads), back to back.
static async Task<double> CeilingAsync(int port, int connections, int messages, Func<MimeMessage> build)
{
    var clients = new List<SmtpClient>();
    for (var i = 0; i < connections; i++)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var client = new SmtpClient();
        await client.ConnectAsync(socket, "127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
        clients.Add(client);
    }
    var perConnection = messages / connections;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(clients.Select(async client =>
    {
        var message = build();
        for (var i = 0; i < perConnection; i++) await client.SendAsync(message);
    }));
    clock.Stop();
    foreach (var client in clients)
    {
        await client.DisconnectAsync(true);
        client.Dispose();
    }
    return perConnection * connections / clock.Elapsed.TotalSeconds;
}

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
