using System.Text;
using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DailyPapers.Features.Community;

/// <summary>
/// Comment Markdown to safe HTML: Markdig with raw HTML disabled, <c>@username</c> of existing users turned into
/// profile links (never inside code or links), then HtmlSanitizer with a small allow-list as the last word.
/// </summary>
public static partial class CommentMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml().UseAutoLinks().UseEmphasisExtras().UseSoftlineBreakAsHardlineBreak().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>Candidate usernames mentioned in the text, for looking up which exist.</summary>
    public static IReadOnlyList<string> Mentions(string markdown) =>
        [.. Mention().Matches(markdown).Select(m => m.Groups["name"].Value).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Renders the Markdown; <paramref name="users"/> maps each existing mentioned name (any case) to its
    /// spelling.</summary>
    public static string ToSafeHtml(string markdown, IReadOnlyDictionary<string, string> users)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        // Descendants() skips each block's root inline container, so take the roots and then what is inside them.
        var containers = document.Descendants<LeafBlock>().Where(b => b.Inline is not null)
            .SelectMany(b => b.Inline!.Descendants<ContainerInline>().Prepend(b.Inline!)).ToList();
        foreach (var container in containers)
        {
            if (container is not LinkInline && container.FindParentOfType<LinkInline>().FirstOrDefault() is null)
                LinkMentions(container, users);
        }
        return Sanitizer.Sanitize(document.ToHtml(Pipeline));
    }

    private static void LinkMentions(ContainerInline container, IReadOnlyDictionary<string, string> users)
    {
        var child = container.FirstChild;
        while (child is not null)
        {
            if (child is not LiteralInline literal)
            {
                child = child.NextSibling;
                continue;
            }
            // The parser may split one run of text into several literals: join them so a name is seen whole.
            var text = new StringBuilder(literal.Content.ToString());
            while (literal.NextSibling is LiteralInline more)
            {
                text.Append(more.Content.ToString());
                more.Remove();
            }
            var value = text.ToString();
            var next = literal.NextSibling;
            var position = 0;
            foreach (Match match in Mention().Matches(value))
            {
                if (!users.TryGetValue(match.Groups["name"].Value, out var name)) continue;
                if (match.Index > position) literal.InsertBefore(new LiteralInline(value[position..match.Index]));
                var link = new LinkInline($"/u/{name}", "");
                link.AppendChild(new LiteralInline("@" + name));
                literal.InsertBefore(link);
                position = match.Index + match.Length;
            }
            if (position == 0) literal.Content = new Markdig.Helpers.StringSlice(value);
            else if (position < value.Length) literal.Content = new Markdig.Helpers.StringSlice(value[position..]);
            else literal.Remove();
            child = next;
        }
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(["p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul",
                "ol", "li", "a", "hr", "h3", "h4", "h5", "h6"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
        });
        // Links in comments are user content: no ranking credit, no window.opener.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } anchor)
                anchor.SetAttribute("rel", "nofollow ugc noopener");
        };
        return sanitizer;
    }

    [GeneratedRegex(@"(?<![\w@/.])@(?<name>[A-Za-z0-9][A-Za-z0-9_-]{1,38})\b")]
    private static partial Regex Mention();
}
