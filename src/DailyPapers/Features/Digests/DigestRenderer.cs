using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using DailyPapers.Features.Feed;
using DailyPapers.Features.Mail;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Digests;

/// <summary>What a digest is about and whom it goes to; <see cref="ManageToken"/> signs its manage and unsubscribe
/// links.</summary>
public sealed record DigestContent(string To, FeedPeriod Period, string Topics, IReadOnlyList<PaperView> Papers,
    string ManageToken);

/// <summary>
/// A digest without its recipient: subject and bodies up to the manage and unsubscribe links, the bodies already
/// quoted-printable, so the subscribers who get the same papers share one rendering and one encoding.
/// </summary>
public sealed record DigestTemplate(string BaseUrl, string Subject, string ListId, byte[] Html, byte[] Text);

/// <summary>
/// The digest as email: HTML with a table layout and inline styles (mail clients drop stylesheets and the site's
/// CSP does not apply), dark-mode hints, no images or scripts, plus a plain-text part; every link absolute.
/// </summary>
public sealed class DigestRenderer(IOptions<InstanceOptions> instance)
{
    private const int AbstractSentences = 2;
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public string SiteName => instance.Value.SiteName;

    public static string Subject(string siteName, FeedPeriod period) => period.Kind == PeriodKind.Week
        ? $"{siteName}: trending papers of the week {period.Key} ({period.Start:MMM d} – {period.End:MMM d})"
        : $"{siteName}: trending papers of {period.Start:dddd, MMMM d}";

    public OutgoingMail Render(DigestContent digest, string baseUrl, string messageId)
    {
        var links = new Links(baseUrl.TrimEnd('/'));
        var token = Uri.EscapeDataString(digest.ManageToken);
        return new OutgoingMail(digest.To, Subject(SiteName, digest.Period),
            HtmlBody(digest.Period, digest.Topics, digest.Papers, links, DigestReasons.None) + HtmlFooter(links, token),
            TextBody(digest.Period, digest.Topics, digest.Papers, links, DigestReasons.None) + TextFooter(links, token))
        {
            MessageId = messageId,
            Headers = Headers(links, token, ListId(links)),
        };
    }

    /// <summary>The part of a digest that is the same for every subscriber who gets these papers.</summary>
    /// <param name="reasons">Why each paper is in a reader's own digest, by paper id (<see
    /// cref="DigestReasons"/>).</param>
    public DigestTemplate Prepare(FeedPeriod period, string topics, IReadOnlyList<PaperView> papers, string baseUrl,
        IReadOnlyDictionary<string, string> reasons)
    {
        var links = new Links(baseUrl.TrimEnd('/'));
        return new DigestTemplate(links.Base, Subject(SiteName, period), ListId(links),
            QuotedPrintable.Encode(HtmlBody(period, topics, papers, links, reasons)),
                QuotedPrintable.Encode(TextBody(period, topics, papers, links, reasons)));
    }

    /// <summary>The same message as <see cref="Render(DigestContent, string, string)"/> gives for the template's
    /// papers.</summary>
    public EncodedMail Render(DigestTemplate template, string to, string manageToken, string messageId)
    {
        var links = new Links(template.BaseUrl);
        var token = Uri.EscapeDataString(manageToken);
        return new EncodedMail(to, template.Subject, messageId,
            [template.Html, QuotedPrintable.Encode(HtmlFooter(links, token))],
            [template.Text, QuotedPrintable.Encode(TextFooter(links, token))])
        {
            Headers = Headers(links, token, template.ListId),
        };
    }

    /// <summary>The HTML part alone, for the curators' web preview.</summary>
    public string RenderHtml(DigestContent digest, string baseUrl)
    {
        var links = new Links(baseUrl.TrimEnd('/'));
        return HtmlBody(digest.Period, digest.Topics, digest.Papers, links, DigestReasons.None)
            + HtmlFooter(links, Uri.EscapeDataString(digest.ManageToken));
    }

    /// <summary>Every link of a digest; <c>token</c> is the recipient's manage token, already escaped for a query
    /// string.</summary>
    private sealed record Links(string Base)
    {
        public string Paper(string id) => $"{Base}/papers/{Uri.EscapeDataString(id)}";
        public string Period(FeedPeriod period) => Base + period.Path;
        public string Manage(string token) => $"{Base}/subscribe/manage?token={token}";
        public string Unsubscribe(string token) => $"{Base}/subscribe/unsubscribe?token={token}";
        public string OneClickUnsubscribe(string token) => $"{Base}/digest/unsubscribe?token={token}";
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Headers(Links links, string token, string listId) =>
    [
        new("List-Unsubscribe", $"<{links.OneClickUnsubscribe(token)}>"),
        new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        new("List-Id", listId),
        new("Auto-Submitted", "auto-generated"),
    ];

    /// <summary>The same for every digest of the instance; worked out once per template, not once per
    /// message.</summary>
    private string ListId(Links links) => $"{SiteName} digest <digest.{new Uri(links.Base).Host}>";

    /// <summary>The HTML up to the footer, which holds the recipient's links (<see cref="HtmlFooter"/>).</summary>
    private string HtmlBody(FeedPeriod period, string topics, IReadOnlyList<PaperView> papers, Links links,
        IReadOnlyDictionary<string, string> reasons)
    {
        var h = new StringBuilder(16_384);
        var title = Subject(SiteName, period);
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append("<meta name=\"color-scheme\" content=\"light dark\"><meta name=\"supported-color-schemes\" " +
             "content=\"light dark\">")
         .Append("<title>").Append(E(title)).Append("</title>")
         // Clients that honour a <style> block get a dark palette; the inline styles below are the light fallback.
         .Append("<style>@media (prefers-color-scheme: dark){.bg{background:#0e0f13!important}")
         .Append(".card{background:#16181e!important;border-color:#2a2d37!important}")
         .Append(".tx{color:#e8e9ee!important}.mt{color:#a2a6b3!important}.ln{color:#b4b0ff!important}}</style></head>")
         .Append("<body class=\"bg\" style=\"margin:0;padding:0;background:#f7f7f9;\">")
         .Append("<table role=\"presentation\" class=\"bg\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" " +
             "border=\"0\" style=\"background:#f7f7f9;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">")
         .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" " +
             "style=\"max-width:640px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;\">")
         .Append("<tr><td class=\"tx\" style=\"padding:0 4px 16px;color:#16171d;\">")
         .Append("<div class=\"mt\" " +
             "style=\"font-size:13px;color:#5b5f6b;letter-spacing:.04em;text-transform:uppercase;\">")
         .Append(E(SiteName)).Append("</div>")
         .Append("<h1 style=\"margin:4px 0 0;font-size:22px;line-height:1.3;\"><a class=\"ln\" href=\"")
         .Append(E(links.Period(period)))
         .Append("\" style=\"color:#3b33c4;text-decoration:none;\">").Append(E(period.Title)).Append("</a></h1>");
        if (topics.Length > 0)
            h.Append("<div class=\"mt\" style=\"margin-top:6px;font-size:14px;color:#5b5f6b;\">Your topics: ")
                .Append(E(topics)).Append("</div>");
        h.Append("</td></tr>");

        var rank = 0;
        foreach (var paper in papers)
        {
            rank++;
            h.Append("<tr><td style=\"padding:0 0 12px;\"><table role=\"presentation\" class=\"card\" width=\"100%\" " +
                "cellpadding=\"0\" cellspacing=\"0\" border=\"0\" ")
             .Append("style=\"background:#ffffff;border:1px solid #e3e4ea;border-radius:12px;\"><tr><td class=\"tx\" " +
                 "style=\"padding:16px 18px;color:#16171d;\">")
             .Append("<div style=\"font-size:17px;line-height:1.35;font-weight:600;\"><a class=\"ln\" href=\"")
             .Append(E(links.Paper(paper.Id)))
             .Append("\" style=\"color:#3b33c4;text-decoration:none;\">")
             .Append(rank).Append(". ").Append(E(paper.Title)).Append("</a></div>");
            if (reasons.GetValueOrDefault(paper.Id) is { } why)
                h.Append("<div class=\"mt\" style=\"margin-top:4px;font-size:13px;font-style:italic;color:#5b5f6b;\">")
                    .Append(E(why)).Append("</div>");
            var authors = PaperText.AuthorLine(paper.Authors);
            if (authors.Length > 0)
                h.Append("<div class=\"mt\" style=\"margin-top:4px;font-size:13px;color:#5b5f6b;\">")
                    .Append(E(authors)).Append("</div>");
            var summary = Summary(paper);
            if (summary.Length > 0)
                h.Append("<p style=\"margin:8px 0 0;font-size:14px;line-height:1.5;\">")
                    .Append(E(summary)).Append("</p>");
            h.Append("<div class=\"mt\" style=\"margin-top:8px;font-size:13px;color:#5b5f6b;\">▲ ")
                .Append(paper.Upvotes).Append(paper.Upvotes == 1 ? " upvote" : " upvotes");
            if (PaperLinks.Canonical(paper.GithubRepo) is { } code)
                h.Append(" · <a class=\"ln\" href=\"").Append(E(code)).Append("\" style=\"color:#3b33c4;\">Code</a>");
            if (paper.ArxivAbsUrl is { } arxiv)
                h.Append(" · <a class=\"ln\" href=\"").Append(E(arxiv))
                    .Append("\" style=\"color:#3b33c4;\">arXiv</a>");
            h.Append("</div></td></tr></table></td></tr>");
        }
        return h.ToString();
    }

    private string HtmlFooter(Links links, string token) => new StringBuilder(1_024)
        .Append("<tr><td class=\"mt\" style=\"padding:12px 4px;font-size:12px;line-height:1.6;color:#5b5f6b;\">")
        .Append("You get this email because you subscribed to the ").Append(E(SiteName)).Append(" digest. ")
        .Append("<a class=\"ln\" href=\"").Append(E(links.Manage(token))).Append("\" style=\"color:#3b33c4;\">Manage " +
            "your subscription</a> · ")
        .Append("<a class=\"ln\" href=\"").Append(E(links.Unsubscribe(token)))
        .Append("\" style=\"color:#3b33c4;\">Unsubscribe</a>")
        .Append("</td></tr></table></td></tr></table></body></html>")
        .ToString();

    /// <summary>The plain text up to the footer, which holds the recipient's links (<see
    /// cref="TextFooter"/>).</summary>
    private string TextBody(FeedPeriod period, string topics, IReadOnlyList<PaperView> papers, Links links,
        IReadOnlyDictionary<string, string> reasons)
    {
        var t = new StringBuilder(4_096);
        t.Append(Subject(SiteName, period)).Append("\n\n");
        if (topics.Length > 0) t.Append("Your topics: ").Append(topics).Append("\n\n");
        var rank = 0;
        foreach (var paper in papers)
        {
            t.Append(++rank).Append(". ").Append(paper.Title).Append('\n');
            if (reasons.GetValueOrDefault(paper.Id) is { } why) t.Append("   (").Append(why).Append(")\n");
            var authors = PaperText.AuthorLine(paper.Authors);
            if (authors.Length > 0) t.Append("   ").Append(authors).Append('\n');
            var summary = Summary(paper);
            if (summary.Length > 0) t.Append("   ").Append(summary).Append('\n');
            t.Append("   ").Append(paper.Upvotes).Append(paper.Upvotes == 1 ? " upvote · "
                : " upvotes · ").Append(links.Paper(paper.Id)).Append('\n');
            if (PaperLinks.Canonical(paper.GithubRepo) is { } code) t.Append("   Code: ").Append(code).Append('\n');
            t.Append('\n');
        }
        t.Append("All papers: ").Append(links.Period(period)).Append("\n\n");
        return t.ToString();
    }

    private static string TextFooter(Links links, string token) =>
        $"Manage your subscription: {links.Manage(token)}\nUnsubscribe: {links.Unsubscribe(token)}\n";

    /// <summary>
    /// Summaries of the papers being sent: the same few papers go to every subscriber, so each is worked out once per
    /// batch (the table holds them only as long as the batch's paper objects live).
    /// </summary>
    private static readonly ConditionalWeakTable<PaperView, string> Summaries = [];

    /// <summary>The AI summary when there is one, else the abstract's first sentences, kept short.</summary>
    private static string Summary(PaperView paper) => Summaries.GetValue(paper, ComputeSummary);

    private static string ComputeSummary(PaperView paper)
    {
        var source = string.IsNullOrWhiteSpace(paper.AiSummary) ? paper.Abstract : paper.AiSummary;
        var flat = PaperText.Excerpt(source, int.MaxValue);
        var end = 0;
        for (var i = 0; i < AbstractSentences && end < flat.Length; i++)
        {
            var stop = flat.IndexOf(". ", end, StringComparison.Ordinal);
            end = stop < 0 ? flat.Length : stop + 1;
        }
        return PaperText.Excerpt(flat[..end], PaperText.ExcerptLength);
    }

    private static string E(string text) => Html.Encode(text);
}
