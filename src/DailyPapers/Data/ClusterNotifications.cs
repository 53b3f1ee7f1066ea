using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Data;

/// <summary>
/// Wake-up calls between the processes of a cluster on PostgreSQL (<c>NOTIFY</c>): the database stays the truth and a
/// listener re-reads it, so a notification carries no data and a missed one only delays (the catch-up poll follows).
/// On SQLite there is nobody else to tell: nothing is sent.
/// </summary>
public static class ClusterNotifications
{
    /// <summary>Papers were added, edited, hidden or deleted.</summary>
    public const string PapersChanged = "dailypapers_papers";

    /// <summary>Something anonymous pages show changed (a paper, a vote, a comment): cached pages are stale.</summary>
    public const string PagesChanged = "dailypapers_pages";

    /// <summary>Sends <paramref name="channel"/>; inside a transaction it is delivered when (and only if) it
    /// commits.</summary>
    public static async Task NotifyAsync(AppDb db, string channel, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql()) return;
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({channel}, '')", cancellationToken);
    }
}
