using MimeKit;

namespace DailyPapers.Features.Mail;

/// <summary>A message to send: one recipient, an HTML and a plain-text body, and extra headers.</summary>
public sealed record OutgoingMail(string To, string Subject, string Html, string Text)
{
    /// <summary>Extra headers such as List-Unsubscribe; names and values must be single-line.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A Message-ID chosen by the caller, so a retry after a crash sends the same message.</summary>
    public string? MessageId { get; init; }
}

/// <summary>A mail the transport refused for good (bad address, 5xx): retrying will not help.</summary>
public sealed class PermanentMailException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Builds the MIME message: multipart/alternative, UTF-8, with From/Reply-To from configuration.</summary>
public static class MimeBuilder
{
    public static MimeMessage Build(OutgoingMail mail, MailOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        if (!string.IsNullOrWhiteSpace(options.ReplyTo)) message.ReplyTo.Add(MailboxAddress.Parse(options.ReplyTo));
        message.To.Add(MailAddresses.Parse(mail.To));
        message.Subject = SingleLine(mail.Subject);
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = mail.MessageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId(DomainOf(options.From));
        foreach (var (name, value) in mail.Headers) message.Headers.Add(SingleLine(name), SingleLine(value));
        message.Body = new BodyBuilder { HtmlBody = mail.Html, TextBody = mail.Text }.ToMessageBody();
        return message;
    }

    /// <summary>Header injection guard: a CR or LF in a header value would start a new header.</summary>
    private static string SingleLine(string value) =>
        value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
            ? throw new PermanentMailException("A mail header contains a line break (header injection attempt?)")
            : value;

    private static string DomainOf(string from) =>
        MailboxAddress.Parse(from).Domain is { Length: > 0 } domain ? domain : "localhost";
}
