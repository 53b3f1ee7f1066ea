using System.Diagnostics;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Feed;
using DailyPapers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Digests;

/// <summary>
/// The sender as a real child process, killed (the whole process tree) in the middle of a batch while the SMTP
/// server holds its next message before DATA, then started again: every digest arrives, none twice.
/// </summary>
[Collection(DigestCollection.Name)]
public sealed class CrashRestartTests(DigestFixture app)
{
    private const int Subscribers = 12;

    private ProcessStartInfo SendCommand(SmtpSink smtp)
    {
        var info = CliProcess.StartInfo(app.Database, "digest", "send");
        foreach (var (key, value) in DigestFixture.Settings(smtp.Port))
            info.Environment["DAILYPAPERS_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        info.Environment["DAILYPAPERS_Digests__SendBatchSize"] = "100";
        // One connection, so "killed after the 5th message" is a fixed point of the batch (with several, the others
        // may be mid-message); the exactly-once checks below hold either way.
        info.Environment["DAILYPAPERS_Digests__SendConnections"] = "1";
        info.Environment["DAILYPAPERS_Digests__LeaseSeconds"] =
            "1"; // a short lease, so the restart soon takes over the dead sender's rows
        return info;
    }

    [Fact]
    public async Task A_sender_killed_mid_batch_and_restarted_delivers_every_digest_exactly_once()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var ids = new List<int>();
        for (var i = 0; i < Subscribers; i++) ids.Add(await app.AddSubscriberAsync($"crash-{i}@example.com"));
        await app.ComposeAsync(FeedPeriod.Day(DigestFixture.Thursday), [.. ids]);

        var held = smtp.HoldAfter(5);
        using (var sender = Process.Start(SendCommand(smtp))!)
        {
            await held.WaitAsync(Patience.HangGuard);
            sender.Kill(entireProcessTree: true);
            await sender.WaitForExitAsync();
        }
        smtp.Release();
        Assert.Equal(5, smtp.Messages.Count);
        var claimed = await app.WithDbAsync(db =>
            db.DigestOutbox.CountAsync(o => ids.Contains(o.SubscriptionId) && o.State == OutboxState.Sending));
        Assert.Equal(Subscribers - 5, claimed); // the dead sender's claim is still on the rest of the batch

        // Restart until the outbox is drained: the first runs may find the dead sender's lease still running.
        await Poll.UntilAsync(async () =>
        {
            using var restarted = Process.Start(SendCommand(smtp))!;
            await restarted.WaitForExitAsync();
            Assert.Equal(0, restarted.ExitCode);
            var open = await app.WithDbAsync(db =>
                db.DigestOutbox.CountAsync(o => ids.Contains(o.SubscriptionId) && o.State != OutboxState.Sent));
            return open == 0 ? "drained" : null;
        });

        var expected = await app.WithDbAsync(db =>
            db.DigestOutbox.Where(o => ids.Contains(o.SubscriptionId)).Select(o => o.MessageId).ToListAsync());
        var received = smtp.Messages.Select(m => m.MessageId).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        Assert.Equal(Subscribers, received.Distinct().Count());
    }
}
