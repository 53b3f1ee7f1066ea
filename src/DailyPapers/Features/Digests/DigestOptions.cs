using System.ComponentModel.DataAnnotations;

namespace DailyPapers.Features.Digests;

/// <summary>Email digests: what goes in them, how the sender retries, and how subscribing is limited.</summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>Papers in one digest.</summary>
    [Range(1, 50)]
    public int TopPapers { get; set; } = 10;

    /// <summary>Rows a sender claims at a time.</summary>
    [Range(1, 10_000)]
    public int SendBatchSize { get; set; } = 100;

    /// <summary>
    /// SMTP connections used at once, each draining its own claims: rendering and marking rows overlap with the
    /// server's round trips. Mail servers often limit connections per client; 4 is a common safe value.
    /// </summary>
    [Range(1, 32)]
    public int SendConnections { get; set; } = 4;

    /// <summary>
    /// How long a claim lasts before another sender may take the rows over (after a crash). Renewed while a batch
    /// is being sent, so it only bounds how long a crashed sender's rows wait.
    /// </summary>
    [Range(1, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>
    /// Days a sent digest's outbox row is kept (for the admin page and support questions) before it is deleted.
    /// At least 14: a period can be composed again for about a week, and its row is what keeps it from being queued
    /// twice.
    /// </summary>
    [Range(14, 36_500)]
    public int OutboxRetentionDays { get; set; } = 30;

    /// <summary>Attempts (transient failures) before a digest is parked.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Consecutive hard bounces (5xx) after which an address gets no more digests.</summary>
    [Range(1, 100)]
    public int HardBounceLimit { get; set; } = 3;

    /// <summary>Hours a confirmation link stays valid; unconfirmed subscriptions are deleted after it.</summary>
    [Range(1, 24 * 30)]
    public int ConfirmationHours { get; set; } = 48;

    /// <summary>Days the manage/unsubscribe link of a digest stays valid.</summary>
    [Range(1, 3650)]
    public int ManageLinkDays { get; set; } = 365;

    /// <summary>Minutes before a repeated subscribe request for one address sends another mail.</summary>
    [Range(0, 24 * 60)]
    public int RequestMailCooldownMinutes { get; set; } = 10;

    /// <summary>Subscribe requests per address per hour (then 429).</summary>
    [Range(1, 1000)]
    public int SubscribesPerAddressPerHour { get; set; } = 5;

    /// <summary>Subscribe requests per client IP per hour (then 429).</summary>
    [Range(1, 100_000)]
    public int SubscribesPerIpPerHour { get; set; } = 20;

    /// <summary>Quartz cron for composing due digests (each subscriber's local time is checked on every run).</summary>
    [Required]
    public string ComposeCron { get; set; } = "0 0/5 * * * ?";

    /// <summary>Quartz cron for draining the outbox.</summary>
    [Required]
    public string SendCron { get; set; } = "0/20 * * * * ?";
}
