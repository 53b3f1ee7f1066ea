using MimeKit;

namespace DailyPapers.Features.Mail;

/// <summary>Validation of the addresses people type in: one plain mailbox, no display-name tricks, no line
/// breaks.</summary>
public static class MailAddresses
{
    /// <summary>RFC 5321's limit on a path is 256 octets, so 254 characters for the address itself.</summary>
    public const int MaxLength = 254;

    public static bool TryNormalize(string? input, out string address, out string error)
    {
        address = "";
        var text = input?.Trim() ?? "";
        error = text switch
        {
            "" => "Enter an email address.",
            { Length: > MaxLength } => $"An email address can have at most {MaxLength} characters.",
            _ when text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) =>
                "An email address cannot contain spaces or line breaks.",
            _ when !IsPlainMailbox(text) => $"'{text}' is not a valid email address.",
            _ => "",
        };
        if (error.Length > 0) return false;
        address = text.ToLowerInvariant();
        return true;
    }

    public static MailboxAddress Parse(string address) =>
        TryNormalize(address, out var normalized, out var error) ? new MailboxAddress("", normalized)
            : throw new PermanentMailException(error);

    private static bool IsPlainMailbox(string text) =>
        MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox) && mailbox is not null
        && string.IsNullOrEmpty(mailbox.Name) && mailbox.Address == text && IsPlausible(mailbox);

    private static bool IsPlausible(MailboxAddress mailbox) =>
        mailbox.LocalPart.Length is > 0 and <= 64 && mailbox.Domain.Contains('.', StringComparison.Ordinal)
        && !mailbox.Domain.StartsWith('.') && !mailbox.Domain.EndsWith('.')
            && mailbox.Domain.All(c => char.IsLetterOrDigit(c) || c is '.' or '-');
}
