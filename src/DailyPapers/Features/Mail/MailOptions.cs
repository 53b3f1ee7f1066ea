using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace DailyPapers.Features.Mail;

/// <summary>
/// Outgoing mail. With no <see cref="SmtpHost"/>, messages are written as .eml files to a pickup folder under the
/// data directory and logged, so an instance without SMTP still works (and shows what it would have sent).
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>SMTP server; empty means "write to the pickup folder".</summary>
    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    /// <summary><c>Auto</c>, <c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c> or <c>SslOnConnect</c>.</summary>
    public SecureSocketOptions SmtpSecurity { get; set; } = SecureSocketOptions.Auto;

    public string? SmtpUserName { get; set; }

    /// <summary>Set it in the environment (<c>DAILYPAPERS_Mail__SmtpPassword</c>) or user secrets, never in a file in the repo.</summary>
    public string? SmtpPassword { get; set; }

    /// <summary>Seconds to wait for the SMTP server before giving up on one attempt.</summary>
    [Range(1, 600)]
    public int SmtpTimeoutSeconds { get; set; } = 30;

    /// <summary>Sender, e.g. <c>DailyPapers &lt;papers@example.org&gt;</c>.</summary>
    [Required]
    public string From { get; set; } = "DailyPapers <papers@localhost>";

    public string? ReplyTo { get; set; }

    /// <summary>Where .eml files go without SMTP; relative paths are under the data directory.</summary>
    public string PickupDirectory { get; set; } = "mail-pickup";

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);
}
