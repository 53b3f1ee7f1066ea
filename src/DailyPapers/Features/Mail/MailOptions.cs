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

    /// <summary><c>Auto</c>, <c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c> or
    /// <c>SslOnConnect</c>.</summary>
    public SecureSocketOptions SmtpSecurity { get; set; } = SecureSocketOptions.Auto;

    public string? SmtpUserName { get; set; }

    /// <summary>Set it in the environment (<c>DAILYPAPERS_Mail__SmtpPassword</c>) or user secrets, never in a file in
    /// the repo.</summary>
    public string? SmtpPassword { get; set; }

    /// <summary>
    /// SHA-256 fingerprint (hex, colons allowed) of the SMTP server's certificate, accepted even though no trusted
    /// authority signed it: for a relay with a self-signed certificate. Unset, the system's trust store decides.
    /// </summary>
    [RegularExpression("^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$",
        ErrorMessage = "Mail:SmtpCertificateSha256 must be a SHA-256 fingerprint: 64 hex digits, colons allowed.")]
    public string? SmtpCertificateSha256 { get; set; }

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
