// Composes and sends a daily digest to N subscribers (default 100,000) through a loopback SMTP sink, and
// reports compose time and messages per second, next to the sink's own ceiling: our SMTP transport blasting one digest,
// built once, over as many connections as the sender uses. The sink is a process of its own, so the CPU time each
// message costs the sender and the sink is measured apart: on dedicated cores, the side that needs more CPU per
// message sets the pace.
using System.Diagnostics;
using System.Globalization;
using DailyPapers.Data;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Collections;
using DailyPapers.Features.Feed;
using DailyPapers.Features.ForYou;
using DailyPapers.Features.Imports;
using DailyPapers.Features.Mail;
using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
if (args.FirstOrDefault() == "sink") return await SinkProcess.RunAsync();

var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
// Weekly subscribers whose digest is sent first, untimed, so both timed runs find the JIT done (tiered compilation
// otherwise runs the first seconds of whichever measurement comes first on unoptimized code).
var warmUp = Math.Max(1, subscribers / 20);
var dataDir = Directory.CreateTempSubdirectory("dailypapers-digest-bench-").FullName;
// DIGEST_BENCH_SMTP_PORT: send to Postfix listening there (run.sh --postfix) instead of the lean sink process.
var externalPort = Environment.GetEnvironmentVariable("DIGEST_BENCH_SMTP_PORT");
await using var sink = externalPort is null ? await SinkProcess.StartAsync() : null;
var port = sink?.Port ?? int.Parse(externalPort!, CultureInfo.InvariantCulture);
async Task<(int Messages, TimeSpan Cpu)> SnapshotAsync(int sentSoFar) =>
    sink is null ? (sentSoFar, PostfixSink.Cpu()) : await sink.SnapshotAsync();

// A node of the site as far as digests go; two of them in one process stand for two nodes sending at once (each has its
// own database pool and SMTP connections; they share this process's CPU).
WebApplication BuildNode()
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        { ContentRootPath = AppContext.BaseDirectory });
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
    builder.Services.AddKeyRing(builder.Configuration); // migrating sets up the keys, which live in the database
    builder.Services.AddPageCaching(); // importing the demo evicts cached pages
    builder.Services.AddPapers();
    builder.Services.AddFeed();
    builder.Services.AddSearch(builder.Configuration);
    builder.Services.AddMail(builder.Configuration);
    builder.Services.AddDigests();
    // Personal digests order papers as For you does, from readers' activity.
    builder.Services.AddAccounts(builder.Configuration);
    builder.Services.AddCollections(builder.Configuration);
    builder.Services.AddForYou(builder.Configuration);
    return builder.Build();
}
await using var app = BuildNode();
var provider = app.Configuration["Database:Provider"] ?? "sqlite";

await DatabaseSetup.MigrateAsync(app.Services, default);
await DemoCorpus.LoadIfEmptyAsync(app.Services, default);
var seed = Stopwatch.StartNew();
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<AppDb>();
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    for (var start = 0; start < subscribers + warmUp; start += 10_000)
    {
        db.DigestSubscriptions.AddRange(Enumerable.Range(start,
            Math.Min(10_000, subscribers + warmUp - start)).Select(i => new DigestSubscription
        {
            Email = $"reader{i}@example.com", Status = SubscriptionStatus.Active,
                Frequency = i < subscribers ? DigestFrequency.Daily : DigestFrequency.Weekly,
            Topics = i % 10 == 0 ? "language" : "", CreatedAt = DateTime.UtcNow,
        }));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}
Console.WriteLine($"{provider}: seeded {subscribers:N0} subscribers in {seed.Elapsed.TotalSeconds:F1} s (10% with " +
    $"the topic language), and {warmUp:N0} weekly ones to warm up");

var connections = app.Services.GetRequiredService<IOptions<DigestOptions>>().Value.SendConnections;
await using (var scope = app.Services.CreateAsyncScope())
{
    var weekly = FeedPeriod.Containing(PeriodKind.Week, DemoCorpus.Date);
    var week = await scope.ServiceProvider.GetRequiredService<DigestComposer>().ComposeAsync(weekly, null, default);
    var warm = await SendDueAsync(app.Services);
    var sample = await SampleDigestAsync(scope.ServiceProvider, weekly);
    await CeilingAsync(scope.ServiceProvider, connections, warmUp, sample);
    Console.WriteLine($"warm-up: {week}; {warm}; and {warmUp:N0} ceiling messages");
}

var compose = Stopwatch.StartNew();
ComposeResult composed;
await using (var scope = app.Services.CreateAsyncScope())
    composed =
        await scope.ServiceProvider.GetRequiredService<DigestComposer>().ComposeAsync(FeedPeriod.Day(DemoCorpus.Date),
        null, default);
compose.Stop();
Console.WriteLine($"compose: {compose.Elapsed.TotalSeconds:F1} s ({composed})");

var (received, sinkCpu) = await SnapshotAsync(0);
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var send = Stopwatch.StartNew();
var sent = await SendDueAsync(app.Services);
send.Stop();
var sendRate = sent.Sent / send.Elapsed.TotalSeconds;
var senderCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / sent.Sent;
var (afterSend, sinkCpuAfterSend) = await SnapshotAsync(sent.Sent);
var sinkCpuPerSent = (sinkCpuAfterSend - sinkCpu).TotalMicroseconds / (afterSend - received);
Console.WriteLine($"send: {sent.Sent:N0} messages in {send.Elapsed.TotalSeconds:F1} s = {sendRate:F0} messages/s " +
    $"over {connections} connections ({sent}); " +
    $"sink received {afterSend - received:N0}; " +
    $"CPU per message: sender {senderCpu:F0} µs, sink {sinkCpuPerSent:F0} µs; " +
    $"busy: sink {sinkCpuPerSent * sendRate / 1e6:P0} of a core, sender {senderCpu * sendRate / 1e6:P0}");

var ceilingCount = Math.Min(30_000, subscribers);
double ceilingRate, clientCpu, ceilingSinkCpu, sampleSize;
await using (var scope = app.Services.CreateAsyncScope())
{
    var sample = await SampleDigestAsync(scope.ServiceProvider, FeedPeriod.Day(DemoCorpus.Date));
    using var measured = new MemoryStream();
    await sample().WriteToAsync(measured);
    sampleSize = measured.Length / 1024.0;
    (received, sinkCpu) = await SnapshotAsync(0);
    cpu = Process.GetCurrentProcess().TotalProcessorTime;
    ceilingRate = await CeilingAsync(scope.ServiceProvider, connections, ceilingCount, sample);
    clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / ceilingCount;
    var (afterCeiling, sinkCpuAfterCeiling) = await SnapshotAsync(ceilingCount);
    ceilingSinkCpu = (sinkCpuAfterCeiling - sinkCpu).TotalMicroseconds / (afterCeiling - received);
}
Console.WriteLine($"sink ceiling (our SMTP transport alone, one digest ({sampleSize:F1} KB) built once per " +
    $"connection, {connections} connections): {ceilingRate:F0} messages/s; " +
    $"CPU per message: client {clientCpu:F0} µs, sink {ceilingSinkCpu:F0} µs; busy: sink " +
        $"{ceilingSinkCpu * ceilingRate / 1e6:P0} of a core, client {clientCpu * ceilingRate / 1e6:P0}");
Console.WriteLine($"send / ceiling: {sendRate / ceilingRate:P0}; sender CPU / sink CPU per message: " +
    $"{senderCpu / sinkCpuPerSent:F2} " +
    $"({(senderCpu < sinkCpuPerSent ? "the sink" : "our sender")} would set the pace on dedicated cores)");

// One sender against two (as two nodes run them since sends are scheduled on every node): the day's digests made due
// again and sent by one node, then again by two at once.
var dayKey = DigestSchedule.PeriodKey(FeedPeriod.Day(DemoCorpus.Date));
await using (var second = BuildNode())
{
    await MakeDueAgainAsync(app.Services, dayKey);
    var one = Stopwatch.StartNew();
    var oneSent = await SendDueAsync(app.Services);
    one.Stop();
    await MakeDueAgainAsync(app.Services, dayKey);
    var two = Stopwatch.StartNew();
    var twoSent = await Task.WhenAll(SendDueAsync(app.Services), SendDueAsync(second.Services));
    two.Stop();
    var oneRate = oneSent.Sent / one.Elapsed.TotalSeconds;
    var twoRate = twoSent.Sum(r => r.Sent) / two.Elapsed.TotalSeconds;
    Console.WriteLine($"one sender: {oneSent.Sent:N0} in {one.Elapsed.TotalSeconds:F1} s = {oneRate:F0} messages/s; " +
        $"two senders: {twoSent.Sum(r => r.Sent):N0} ({twoSent[0].Sent:N0} + {twoSent[1].Sent:N0}) in " +
        $"{two.Elapsed.TotalSeconds:F1} s = {twoRate:F0} messages/s ({twoRate / oneRate:F2}x), {connections} " +
        "connections each");
}

Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(dataDir, recursive: true);
return 0;

static async Task MakeDueAgainAsync(IServiceProvider services, string periodKey)
{
    await using var scope = services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<AppDb>().DigestOutbox.Where(o => o.PeriodKey == periodKey)
        .ExecuteUpdateAsync(set => set.SetProperty(o => o.State, OutboxState.Pending)
            .SetProperty(o => o.Attempts, 0).SetProperty(o => o.SentAt, (DateTime?)null)
            .SetProperty(o => o.ClaimToken, (string?)null).SetProperty(o => o.LeaseUntil, (DateTime?)null));
}

static async Task<SendResult> SendDueAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    return await scope.ServiceProvider.GetRequiredService<DigestSender>().SendDueAsync(default);
}

// A digest of the period as the sender sends it (template, recipient's links, MIME), for the ceiling to send again and
// again.
static async Task<Func<MimeMessage>> SampleDigestAsync(IServiceProvider services, FeedPeriod period)
{
    var db = services.GetRequiredService<AppDb>();
    var key = DigestSchedule.PeriodKey(period);
    var row = await db.DigestOutbox.AsNoTracking().Where(o => o.PeriodKey == key
        && o.Subscription.Topics == "").OrderBy(o => o.Id).FirstAsync();
    var ids = row.PaperIds.Split(' ');
    var papers = await PaperViews.LoadAsync(db, ids, CancellationToken.None);
    var renderer = services.GetRequiredService<DigestRenderer>();
    var template = renderer.Prepare(period, "", [.. ids.Select(id => papers[id])], "https://papers.example",
        DigestReasons.None);
    var token = services.GetRequiredService<DigestTokens>().Manage(row.SubscriptionId);
    var mail = services.GetRequiredService<MailSender>();
    return () => mail.Build(renderer.Render(template, "reader@example.com", token, row.MessageId));
}

// Each connection sends its own copy of the message (a MimeMessage is not shared across threads), back to back.
static async Task<double> CeilingAsync(IServiceProvider services, int connections, int messages,
    Func<MimeMessage> build)
{
    // The sender's own SMTP transport (connection, write coalescing, no SIZE), without any of the sender's work.
    var transport = services.GetRequiredService<IMailTransport>();
    var sessions = new List<IMailSession>();
    for (var i = 0; i < connections; i++) sessions.Add(await transport.OpenAsync(default));
    var perConnection = messages / connections;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(sessions.Select(async session =>
    {
        using var message = build();
        for (var i = 0; i < perConnection; i++) await session.SendAsync(message, default);
    }));
    clock.Stop();
    foreach (var session in sessions) await session.DisposeAsync();
    return perConnection * connections / clock.Elapsed.TotalSeconds;
}
