using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// Reads the Atom feed of arXiv's query API (<c>/api/query?id_list=...</c>): one entry per paper, its id the
/// versioned abstract URL (<c>http://arxiv.org/abs/2212.07677v2</c>). An error entry (a malformed id) throws.
/// </summary>
public static partial class ArxivAtomParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace ArxivAtom = "http://arxiv.org/schemas/atom";

    public sealed record Result(IReadOnlyList<PaperRecord> Records, IReadOnlyList<string> Skipped);

    public static Result Parse(byte[] bytes)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false),
                new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new
                ImportFormatException($"the arXiv API answered malformed XML (line {e.LineNumber}, position " +
                    $"{e.LinePosition}); an HTML error page?");
        }
        if (document.Root?.Name != Atom + "feed") throw new
            ImportFormatException($"the arXiv API answered <{document.Root?.Name.LocalName}>, not an Atom feed");

        var records = new List<PaperRecord>();
        var skipped = new List<string>();
        var number = 0;
        foreach (var entry in document.Root.Elements(Atom + "entry"))
        {
            number++;
            var idUrl = Text(entry, Atom + "id");
            if (idUrl.Contains("/api/errors", StringComparison.Ordinal))
                throw new ImportFormatException($"the arXiv API reports an error: {Text(entry, Atom + "summary")}");
            try
            {
                var record = ReadEntry(entry, idUrl, $"entry {number}");
                if (TextRule.Check(record) is { } problem) throw new ArxivMetadata.RecordException(problem);
                records.Add(record);
            }
            catch (ArxivMetadata.RecordException e)
            {
                skipped.Add($"entry {number} ({idUrl}): {e.Message}");
            }
        }
        return new Result(records, skipped);
    }

    private static PaperRecord ReadEntry(XElement entry, string idUrl, string origin)
    {
        var slash = idUrl.IndexOf("/abs/", StringComparison.Ordinal);
        var (id, version) = PaperIds.Normalize(slash < 0 ? idUrl : idUrl[(slash + 5)..]);
        if (!PaperIds.IsArxivId(id)) throw new
            ArxivMetadata.RecordException($"id '{idUrl}' is not an arXiv abstract URL");
        var title = Limited(Text(entry, Atom + "title"), "title", Paper.MaxTitleLength);
        var summary = Limited(Text(entry, Atom + "summary"), "summary", Paper.MaxAbstractLength);
        if (title.Length == 0 || summary.Length == 0) throw new
            ArxivMetadata.RecordException("has no title or summary");
        var comment = Limited(Text(entry, ArxivAtom + "comment"), "comment", Paper.MaxCommentsLength);
        var primary = (string?)entry.Element(ArxivAtom + "primary_category")?.Attribute("term");
        var categories = entry.Elements(Atom + "category").Select(c =>
            (string?)c.Attribute("term")).OfType<string>().Prepend(primary).OfType<string>().Distinct();
        var links = LinkExtractor.Extract(summary, comment);
        return new PaperRecord
        {
            Id = id,
            Version = version,
            Title = title,
            Abstract = summary,
            Authors = [.. entry.Elements(Atom + "author").Select(a => Text(a, Atom + "name")).Where(n =>
                n.Length is > 0 and <= 300)],
            PublishedAt = Date(entry, Atom + "published"),
            UpdatedAt = Date(entry, Atom + "updated"),
            Categories = string.Join(' ', categories) is { Length: > 0 and <= 500 } joined ? joined : null,
            Comments = comment.Length > 0 ? comment : null,
            JournalRef = Limited(Text(entry, ArxivAtom + "journal_ref"), "journal_ref", Paper.MaxCommentsLength) is
                { Length: > 0 } journal ? journal : null,
            Doi = Text(entry, ArxivAtom + "doi") is { Length: > 0 and <= 200 } doi ? doi : null,
            GithubRepo = links.CodeRepository,
            ProjectPage = links.ProjectPage,
            ExtraLinks = links.Extra.Count > 0 ? links.Extra : null,
            Origin = $"{origin} ({id})",
        };
    }

    private static string Limited(string text, string name, int maxLength) =>
        text.Length <= maxLength ? text : throw new
            ArxivMetadata.RecordException($"{name} is {text.Length} characters; the limit is {maxLength}");

    private static DateTime? Date(XElement entry, XName name) =>
        DateTime.TryParse(Text(entry, name), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc) : null;

    private static string Text(XElement parent, XName name) =>
        Whitespace().Replace(parent.Element(name)?.Value ?? "", " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
