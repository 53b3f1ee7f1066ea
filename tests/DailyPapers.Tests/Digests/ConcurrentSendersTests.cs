using DailyPapers.Features.Digests;
using DailyPapers.Features.Feed;
using DailyPapers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digests;

/// <summary>
/// Three nodes on one database, each with its scheduled sends on (every second) and one SMTP connection, against one
/// loopback SMTP server that holds every message until all three nodes are sending: then every digest arrives once.
/// </summary>
public sealed class ConcurrentSendersTests : IAsyncLifetime
{
    private const int Nodes = 3;
    private const int Subscribers = 30;
    private TestDatabase database = null!;
    private SmtpSink smtp = null!;
    private readonly List<ClusterNode> nodes = [];

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        smtp = await SmtpSink.StartAsync();
    }

    public async Task DisposeAsync()
    {
        smtp.Release();
        foreach (var node in nodes)
        {
            await ((IAsyncLifetime)node).DisposeAsync();
            Directory.Delete(node.DataDirectory, recursive: true);
        }
        await smtp.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Scheduled_sends_run_on_every_node_at_once_and_each_digest_arrives_exactly_once()
    {
        var settings = DigestFixture.Settings(smtp.Port).ToDictionary();
        settings["Scheduling:Enabled"] = "true";
        settings["Digests:SendCron"] = "* * * * * ?";
        settings["Digests:ComposeCron"] = "0 0 0 1 1 ? 2099";
        settings["Digests:SendConnections"] = "1";
        settings["Digests:SendBatchSize"] = "2";
        settings["Mail:SmtpTimeoutSeconds"] = "600"; // a held message must not time out into a retry
        _ = smtp.HoldAfter(0);
        for (var i = 0; i < Nodes; i++)
        {
            var node = new ClusterNode(database, ClusterNode.NewDataDirectory(), settings);
            nodes.Add(node);
            await node.InitializeAsync();
        }
        await nodes[0].ImportAsync("listing", Listings.Of("Aug 7", ("Concurrent senders", "About senders.")),
            DigestFixture.Thursday);
        var ids = await nodes[0].WithDbAsync(async db =>
        {
            var subscriptions = Enumerable.Range(0, Subscribers).Select(i => new DigestSubscription
            {
                Email = $"concurrent-{i}@example.com", Status = SubscriptionStatus.Active,
                Frequency = DigestFrequency.Daily, Topics = "", CreatedAt = DateTime.UtcNow,
            }).ToList();
            db.DigestSubscriptions.AddRange(subscriptions);
            await db.SaveChangesAsync();
            return subscriptions.Select(s => s.Id).ToArray();
        });
        await using (var scope = nodes[0].Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DigestComposer>()
                .ComposeAsync(FeedPeriod.Day(DigestFixture.Thursday), ids, default);

        // Each node sends on one connection, one claim at a time: three claims held at once are three nodes sending.
        await Poll.UntilAsync(async () => await nodes[0].WithDbAsync(db => db.DigestOutbox
            .Where(o => ids.Contains(o.SubscriptionId) && o.State == OutboxState.Sending)
            .Select(o => o.ClaimToken).Distinct().CountAsync()) >= Nodes ? "all sending" : null);
        smtp.Release();

        await Poll.UntilAsync(async () => await nodes[0].WithDbAsync(db => db.DigestOutbox
            .CountAsync(o => ids.Contains(o.SubscriptionId) && o.State != OutboxState.Sent)) == 0 ? "drained" : null);
        var expected = await nodes[0].WithDbAsync(db => db.DigestOutbox.Where(o => ids.Contains(o.SubscriptionId))
            .Select(o => o.MessageId).ToListAsync());
        var received = smtp.Messages.Select(m => m.MessageId).ToList();
        Assert.Equal(Subscribers, expected.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }
}
