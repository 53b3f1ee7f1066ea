using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Digests;

public enum OutboxState
{
    Pending,

    /// <summary>Claimed by a sender until <see cref="DigestOutboxMessage.LeaseUntil"/>; a crashed sender's claim
    /// lapses.</summary>
    Sending,
    Sent,

    /// <summary>Refused for good (5xx, or too many attempts): kept for the admin page, never retried.</summary>
    Parked,

    /// <summary>Nothing new for this subscriber in this period: recorded so a re-run does not look again.</summary>
    Empty,
}

/// <summary>
/// One digest for one subscriber and period. The unique (subscriber, period) key makes composing idempotent;
/// the state machine (pending → sending → sent, with retries and parking) makes sending safe to crash and re-run.
/// </summary>
public sealed class DigestOutboxMessage
{
    public long Id { get; set; }
    public int SubscriptionId { get; set; }
    public DigestSubscription Subscription { get; set; } = null!;

    /// <summary><c>daily:2025-08-07</c> (a featured day) or <c>weekly:2025-W32</c> (an ISO week).</summary>
    public required string PeriodKey { get; set; }

    /// <summary>The chosen papers, best first, separated by spaces.</summary>
    public string PaperIds { get; set; } = "";

    /// <summary>For a reader's own digest, why each paper is in it: a JSON object from paper id to a line
    /// (<see cref="DigestReasons"/>); null when no paper was chosen for the reader.</summary>
    public string? Reasons { get; set; }

    /// <summary>Chosen when composing, before any send, so every attempt carries the same Message-ID.</summary>
    public required string MessageId { get; set; }

    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>Identifies one sender's claim; only the claimant may mark the row.</summary>
    public string? ClaimToken { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

internal sealed class DigestOutboxMessageConfiguration : IEntityTypeConfiguration<DigestOutboxMessage>
{
    public void Configure(EntityTypeBuilder<DigestOutboxMessage> o)
    {
        o.ToTable("digest_outbox");
        o.Property(x => x.PeriodKey).HasMaxLength(40);
        o.Property(x => x.PaperIds).HasMaxLength(Paper.MaxIdLength * 60);
        o.Property(x => x.MessageId).HasMaxLength(200);
        o.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        o.Property(x => x.ClaimToken).HasMaxLength(40);
        o.Property(x => x.LastError).HasMaxLength(1000);
        o.HasIndex(x => new { x.SubscriptionId, x.PeriodKey }).IsUnique();
        // Only rows still to send: marking a row sent then drops one index entry instead of moving it, and the
        // index stays as small as the queue however many digests went out before.
        o.HasIndex(x => new { x.State, x.NextAttemptAt }).HasFilter("\"State\" = 'Pending' OR \"State\" = 'Sending'");
        o.HasIndex(x => x.ClaimToken);
        // Retention finds old sent rows by when they were queued: written once by compose, never by a mark.
        o.HasIndex(x => x.CreatedAt);
        o.HasOne(x => x.Subscription).WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
