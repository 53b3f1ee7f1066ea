using System.Text;
using MimeKit.Encodings;

namespace DailyPapers.Features.Mail;

/// <summary>
/// Text encoded as UTF-8 quoted-printable ahead of sending, so a body that many messages share is encoded once. Every
/// encoded piece ends with a soft line break: pieces encoded separately, sent one after another, decode to the text
/// joined (see <see cref="EncodedMail"/>).
/// </summary>
public static class QuotedPrintable
{
    private static readonly byte[] SoftLineBreak = "=\n"u8.ToArray();

    public static byte[] Encode(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var encoder = new QuotedPrintableEncoder();
        var output = new byte[encoder.EstimateOutputLength(utf8.Length) + SoftLineBreak.Length];
        var length = encoder.Flush(utf8, 0, utf8.Length, output);
        // MimeKit's encoder ends its output this way today; a piece ending in a hard line break would add one to the
        // text.
        if (!output.AsSpan(0, length).EndsWith(SoftLineBreak))
        {
            SoftLineBreak.CopyTo(output, length);
            length += SoftLineBreak.Length;
        }
        return output[..length];
    }
}
