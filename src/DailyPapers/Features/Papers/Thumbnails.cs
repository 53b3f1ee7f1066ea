using System.Security;
using System.Text;

namespace DailyPapers.Features.Papers;

/// <summary>
/// A paper's card image (the API's <c>thumbnail</c>) until a figure is taken from its PDF: the top of a first page
/// drawn as SVG (title, authors, the abstract), so an instance needs no image service and no remote fetch, and a card
/// does not show its title twice in the same type. Text is escaped and cleared of characters XML forbids
/// (<see cref="TextRule.XmlSafe"/>).
/// </summary>
public static class Thumbnails
{
    // Average advance of the faces used, in characters per line of the 860 px sheet (its text spans ~740 px).
    private const int TitleChars = 42;
    private const int AuthorChars = 64;
    private const int AbstractChars = 74;

    public static string Svg(PaperView paper, string siteName)
    {
        var hue = paper.Id.Aggregate(0, (h, c) => (h * 31 + c) % 360);
        var svg = new StringBuilder();
        svg.Append("""<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">""")
            .Append($"""<rect width="1200" height="630" fill="hsl({hue},30%,86%)"/>""")
            .Append("""<rect x="178" y="56" width="860" height="600" fill="#0f172a" opacity="0.12"/>""")
            .Append("""<rect x="170" y="46" width="860" height="600" fill="#ffffff"/>""")
            .Append("""<text x="24" y="32" font-family="system-ui,sans-serif" font-size="18" fill="#334155">""")
            .Append(Escape(siteName)).Append("</text>");
        var y = 112;
        foreach (var line in Wrap(paper.Title, TitleChars, 3))
        {
            svg.Append(Line(600, y, "middle", """font-family="Georgia,serif" font-size="34" font-weight="700" """
                + """fill="#0f172a" """, line));
            y += 44;
        }
        var authors = string.Join(", ", paper.Authors.Where(a => !a.Hidden).Select(a => a.Name));
        if (authors.Length > 0)
        {
            svg.Append(Line(600, y + 4, "middle", """font-family="Georgia,serif" font-size="22" fill="#475569" """,
                Wrap(authors, AuthorChars, 1)[0]));
            y += 40;
        }
        if (paper.Abstract.Length > 0)
        {
            svg.Append(Line(600, y + 20, "middle", """font-family="Georgia,serif" font-size="21" font-weight="700" """
                + """fill="#0f172a" """, "Abstract"));
            y += 56;
            foreach (var line in Wrap(PaperText.Excerpt(paper.Abstract, 2_000), AbstractChars, (630 - y) / 29 + 1))
            {
                svg.Append(Line(230, y, "start", """font-family="Georgia,serif" font-size="21" fill="#334155" """,
                    line));
                y += 29;
            }
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A round avatar with the user's initial, for users without a picture.</summary>
    public static string AvatarSvg(string userName)
    {
        var hue = userName.Aggregate(0, (h, c) => (h * 31 + c) % 360);
        var initial = userName.Length > 0 ? char.ToUpperInvariant(userName[0]).ToString() : "?";
        return """<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">""" +
            $"""<circle cx="32" cy="32" r="32" fill="hsl({hue},55%,45%)"/>""" +
            """<text x="32" y="42" text-anchor="middle" """ +
            """font-family="system-ui,sans-serif" font-size="30" fill="#fff">""" +
            $"""{Escape(initial)}</text></svg>""";
    }

    private static string Line(int x, int y, string anchor, string style, string text) =>
        $"""<text x="{x}" y="{y}" text-anchor="{anchor}" {style}>{Escape(text)}</text>""";

    /// <summary>Words wrapped to lines of at most <paramref name="width"/> characters; what does not fit in
    /// <paramref name="maxLines"/> ends in an ellipsis.</summary>
    private static List<string> Wrap(string text, int width, int maxLines)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(word.Length > width ? word[..(width - 1)] + "…" : word);
        }
        if (current.Length > 0) lines.Add(current.ToString());
        if (lines.Count > maxLines) lines = [.. lines.Take(maxLines - 1), Ellipsis(lines[maxLines - 1], width)];
        return lines;
    }

    private static string Ellipsis(string line, int width) =>
        (line.Length + 2 > width ? line[..(width - 2)].TrimEnd() : line) + " …";

    private static string Escape(string text) => SecurityElement.Escape(TextRule.XmlSafe(text)) ?? "";
}
