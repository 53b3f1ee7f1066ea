using DailyPapers.Features.Mail;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Digests;

/// <summary>The digest tables, applied from <see cref="Data.AppDb.OnModelCreating"/>.</summary>
public static class DigestModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<DigestSubscription>(s =>
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
        });

        builder.Entity<DigestOutboxMessage>(o =>
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
        });

        builder.Entity<DigestSentPaper>(p =>
        {
            p.ToTable("digest_sent_papers");
            p.HasKey(x => new { x.SubscriptionId, x.PaperId });
            p.Property(x => x.PaperId).HasMaxLength(Paper.MaxIdLength);
            p.HasOne<DigestSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DigestRun>(r =>
        {
            r.ToTable("digest_runs");
            r.Property(x => x.Kind).HasMaxLength(20);
            r.Property(x => x.Trigger).HasMaxLength(20);
            r.Property(x => x.Summary).HasMaxLength(2000);
            r.Property(x => x.Error).HasMaxLength(2000);
            r.HasIndex(x => x.StartedAt);
        });
    }
}
