using DailyPapers.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Digests;

public enum DigestFrequency { Daily, Weekly }

/// <summary>What a digest brings: the top papers (of the subscriber's topics), or the account's For you.</summary>
public enum DigestSource { TopPapers, ForYou }

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

    /// <summary>The weekday a weekly digest arrives; daily digests arrive Monday to Friday, like Hugging
    /// Face's.</summary>
    public DayOfWeek WeeklyDay { get; set; } = DayOfWeek.Monday;

    /// <summary>Local hour (0–23) in <see cref="TimeZone"/> from which the digest is composed and sent.</summary>
    public int DeliveryHour { get; set; } = 8;

    /// <summary>IANA time zone id, e.g. <c>Europe/Paris</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Comma-separated topics (arXiv categories or search words); empty means "top papers".</summary>
    public string Topics { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }

    /// <summary>When the last confirmation (or "already subscribed") mail went out: a cooldown against mail
    /// bombing.</summary>
    public DateTime? LastRequestMailAt { get; set; }

    /// <summary>
    /// The account that subscribed from its settings (its confirmed address): its follows and saved searches join the
    /// digest, and <see cref="Content"/> can be its For you. Null for a subscription by address only.
    /// </summary>
    public string? UserId { get; set; }

    public DigestSource Content { get; set; }

    /// <summary>Consecutive permanent failures (5xx); reset by a successful delivery.</summary>
    public int HardBounces { get; set; }
}

internal sealed class DigestSubscriptionConfiguration : IEntityTypeConfiguration<DigestSubscription>
{
    public void Configure(EntityTypeBuilder<DigestSubscription> s)
    {
        s.ToTable("digest_subscriptions");
        s.Property(x => x.Email).HasMaxLength(MailAddresses.MaxLength);
        s.HasIndex(x => x.Email).IsUnique();
        s.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        s.Property(x => x.Frequency).HasConversion<string>().HasMaxLength(20);
        s.Property(x => x.WeeklyDay).HasConversion<string>().HasMaxLength(20);
        s.Property(x => x.TimeZone).HasMaxLength(DigestSubscription.MaxTimeZoneLength);
        s.Property(x => x.Topics).HasMaxLength(DigestSubscription.MaxTopicsLength);
        s.HasIndex(x => x.Status);
        s.Property(x => x.Content).HasConversion<string>().HasMaxLength(20);
        // No foreign key: on SQLite adding one rebuilds the table, which EF does with a warning on every new instance.
        // The account's deletion removes its subscription (PersonalDigests.DeleteAsync).
        s.HasIndex(x => x.UserId).IsUnique();
    }
}
