namespace DailyPapers.Features.Digests;

public enum DigestFrequency { Daily, Weekly }

public enum SubscriptionStatus
{
    /// <summary>Asked for, not confirmed yet: gets nothing but the confirmation mail, and expires.</summary>
    Pending,
    Active,
    Unsubscribed,

    /// <summary>Switched off after repeated hard bounces (5xx).</summary>
    Disabled,
}

/// <summary>Someone who asked for the digest by email.</summary>
public sealed class DigestSubscription
{
    public const int MaxTopicsLength = 400;
    public const int MaxTimeZoneLength = 64;

    public int Id { get; set; }

    /// <summary>Normalized (trimmed, lowercase) with <see cref="Mail.MailAddresses.TryNormalize"/>; unique.</summary>
    public required string Email { get; set; }
    public SubscriptionStatus Status { get; set; }
    public DigestFrequency Frequency { get; set; }

    /// <summary>The weekday a weekly digest arrives; daily digests arrive Monday to Friday, like Hugging Face's.</summary>
    public DayOfWeek WeeklyDay { get; set; } = DayOfWeek.Monday;

    /// <summary>Local hour (0–23) in <see cref="TimeZone"/> from which the digest is composed and sent.</summary>
    public int DeliveryHour { get; set; } = 8;

    /// <summary>IANA time zone id, e.g. <c>Europe/Paris</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Comma-separated topics (arXiv categories or search words); empty means "top papers".</summary>
    public string Topics { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }

    /// <summary>When the last confirmation (or "already subscribed") mail went out: a cooldown against mail bombing.</summary>
    public DateTime? LastRequestMailAt { get; set; }

    /// <summary>Consecutive permanent failures (5xx); reset by a successful delivery.</summary>
    public int HardBounces { get; set; }
}

public enum OutboxState
{
    Pending,

    /// <summary>Claimed by a sender until <see cref="DigestOutboxMessage.LeaseUntil"/>; a crashed sender's claim lapses.</summary>
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

/// <summary>A paper a subscriber has been given, so no later digest repeats it.</summary>
public sealed class DigestSentPaper
{
    public int SubscriptionId { get; set; }
    public required string PaperId { get; set; }
}

/// <summary>One run of composing or sending, for the admin page.</summary>
public sealed class DigestRun
{
    public long Id { get; set; }

    /// <summary><c>compose</c> or <c>send</c>.</summary>
    public required string Kind { get; set; }

    /// <summary><c>schedule</c> or <c>cli</c>.</summary>
    public required string Trigger { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>What was done, e.g. <c>daily:2025-08-07 queued 120, empty 3</c>.</summary>
    public string Summary { get; set; } = "";
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    public string? Error { get; set; }
}
