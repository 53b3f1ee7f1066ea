using System.Security;
using System.Text;

namespace DailyPapers.Features.Papers;

/// <summary>
/// A paper's card image (the API's <c>thumbnail</c>), drawn as SVG from its title, so an instance needs no image
/// service and no remote fetch. Text is escaped and cleared of characters XML forbids (<see cref="TextRule.XmlSafe"/>).
/// </summary>
public static class Thumbnails
{
    // 56 px bold system-ui averages about 33 px a character: 30 fit the 1,040 px right of the margin.
    private const int CharsPerLine = 30;
    private const int MaxLines = 5;

    public static string Svg(PaperView paper, string siteName)
    {
        var svg = new StringBuilder();
        svg.Append("""<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">""");
        svg.Append("""<rect width="1200" height="630" fill="#0f172a"/><rect x="0" y="0" width="16" height="630" fill="#f59e0b"/>""");
        svg.Append("""<text x="80" y="110" font-family="system-ui,sans-serif" font-size="34" fill="#f59e0b">""").Append(Escape(siteName)).Append("</text>");
        var y = 210;
        foreach (var line in Wrap(paper.Title))
        {
            svg.Append($"""<text x="80" y="{y}" font-family="system-ui,sans-serif" font-size="56" font-weight="700" fill="#f8fafc">""")
                .Append(Escape(line)).Append("</text>");
            y += 70;
        }
        svg.Append($"""<text x="80" y="570" font-family="system-ui,sans-serif" font-size="32" fill="#94a3b8">▲ {paper.Upvotes} · {Escape(paper.IsArxiv ? "arXiv:" + paper.Id : "paper")}</text>""");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A round avatar with the user's initial, for users without a picture.</summary>
    public static string AvatarSvg(string userName)
    {
        var hue = userName.Aggregate(0, (h, c) => (h * 31 + c) % 360);
        var initial = userName.Length > 0 ? char.ToUpperInvariant(userName[0]).ToString() : "?";
        return $"""<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="hsl({hue},55%,45%)"/><text x="32" y="42" text-anchor="middle" font-family="system-ui,sans-serif" font-size="30" fill="#fff">{Escape(initial)}</text></svg>""";
    }

    private static List<string> Wrap(string title)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > CharsPerLine)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(word);
        }
        if (current.Length > 0) lines.Add(current.ToString());
        if (lines.Count > MaxLines) lines = [.. lines.Take(MaxLines - 1), lines[MaxLines - 1] + " …"];
        return lines;
    }

    private static string Escape(string text) => SecurityElement.Escape(TextRule.XmlSafe(text)) ?? "";
}
