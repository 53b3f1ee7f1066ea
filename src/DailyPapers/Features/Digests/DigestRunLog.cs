using DailyPapers.Data;

namespace DailyPapers.Features.Digests;

/// <summary>Records each compose or send run (scheduled or from the CLI) for the admin page.</summary>
public static class DigestRunLog
{
    public static async Task<T> RecordAsync<T>(AppDb db, TimeProvider clock, string kind, string trigger,
        Func<Task<T>> run, Func<T, (string Summary, int Succeeded, int Failed)> describe,
            CancellationToken cancellationToken)
    {
        var record = new DigestRun { Kind = kind, Trigger = trigger, StartedAt = clock.GetUtcNow().UtcDateTime };
        db.DigestRuns.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var result = await run();
            (record.Summary, record.Succeeded, record.Failed) = describe(result);
            return result;
        }
        catch (Exception e)
        {
            record.Error = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            throw;
        }
        finally
        {
            record.FinishedAt = clock.GetUtcNow().UtcDateTime;
            db.DigestRuns.Update(record);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }
}
