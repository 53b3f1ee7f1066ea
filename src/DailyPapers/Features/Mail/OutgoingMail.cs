using MimeKit;
using MimeKit.Utils;

namespace DailyPapers.Features.Mail;

/// <summary>A message to send: one recipient, an HTML and a plain-text body, and extra headers.</summary>
public sealed record OutgoingMail(string To, string Subject, string Html, string Text)
{
    /// <summary>Extra headers such as List-Unsubscribe; names and values must be single-line.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A Message-ID chosen by the caller, so a retry after a crash sends the same message.</summary>
    public string? MessageId { get; init; }
}

/// <summary>
/// A message whose HTML and plain-text bodies are already quoted-printable (<see cref="QuotedPrintable.Encode"/>), each
/// given as pieces sent one after another: a mailing encodes the pieces its messages share once, not once per message.
/// </summary>
public sealed record EncodedMail(string To, string Subject, string MessageId, IReadOnlyList<byte[]> Html,
    IReadOnlyList<byte[]> Text)
{
    /// <summary>Extra headers such as List-Unsubscribe; names and values must be single-line.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}

/// <summary>A mail the transport refused for good (bad address, 5xx): retrying will not help.</summary>
public sealed class PermanentMailException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Builds the MIME message: multipart/alternative, UTF-8, with From/Reply-To from configuration.</summary>
public static class MimeBuilder
{
    public static MimeMessage Build(OutgoingMail mail, MailOptions options)
    {
        var message = NewMessage(mail.To, mail.Subject, mail.MessageId
            ?? MimeUtils.GenerateMessageId(DomainOf(options.From)), mail.Headers, options);
        message.Body = new BodyBuilder { HtmlBody = mail.Html, TextBody = mail.Text }.ToMessageBody();
        return message;
    }

    /// <summary>The same message as <see cref="Build(OutgoingMail, MailOptions)"/> builds, with bodies MimeKit sends as
    /// they are.</summary>
    public static MimeMessage Build(EncodedMail mail, MailOptions options)
    {
        var message = NewMessage(mail.To, mail.Subject, mail.MessageId, mail.Headers, options);
        message.Body = new MultipartAlternative { EncodedText("plain", mail.Text), EncodedText("html", mail.Html) };
        return message;
    }

    private static MimeMessage NewMessage(string to, string subject, string messageId,
        IReadOnlyList<KeyValuePair<string, string>> headers, MailOptions options)
    {
        // Given a Date and a Message-ID up front, MimeKit skips making its own (a local time and a host lookup) only
        // to have them replaced: that was a fifth of the cost of building a digest.
        var message = new MimeMessage(new Header(HeaderId.Date, DateUtils.FormatDate(DateTimeOffset.UtcNow)),
            new Header(HeaderId.MessageId, "<" + SingleLine(messageId) + ">"));
        message.From.Add(MailboxAddress.Parse(options.From));
        if (!string.IsNullOrWhiteSpace(options.ReplyTo)) message.ReplyTo.Add(MailboxAddress.Parse(options.ReplyTo));
        message.To.Add(MailAddresses.Parse(to));
        message.Subject = SingleLine(subject);
        foreach (var (name, value) in headers) message.Headers.Add(SingleLine(name), SingleLine(value));
        return message;
    }

    /// <summary>
    /// A UTF-8 text part whose content is the quoted-printable pieces themselves: with the content's encoding equal to
    /// the part's, MimeKit neither scans it for the best encoding nor encodes it again when the message is sent.
    /// </summary>
    private static TextPart EncodedText(string subtype, IReadOnlyList<byte[]> pieces)
    {
        var content = new MimeKit.IO.ChainedStream();
        foreach (var piece in pieces) content.Add(new MemoryStream(piece, writable: false));
        var part = new TextPart(subtype)
        {
            Content = new MimeContent(content, ContentEncoding.QuotedPrintable),
            ContentTransferEncoding = ContentEncoding.QuotedPrintable,
        };
        part.ContentType.Charset = "utf-8";
        return part;
    }

    /// <summary>Header injection guard: a CR or LF in a header value would start a new header.</summary>
    private static string SingleLine(string value) =>
        value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
            ? throw new PermanentMailException("A mail header contains a line break (header injection attempt?)")
            : value;

    private static string DomainOf(string from) =>
        MailboxAddress.Parse(from).Domain is { Length: > 0 } domain ? domain : "localhost";
}
