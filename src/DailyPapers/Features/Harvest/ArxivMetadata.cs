using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// arXiv's two OAI metadata formats as paper records: <c>arXiv</c> (structured authors, first and last dates) and
/// <c>arXivRaw</c> (authors as one string, but every version with its date).
/// </summary>
public static partial class ArxivMetadata
{
    public const string ArxivPrefix = "arXiv";
    public const string ArxivRawPrefix = "arXivRaw";
    public static readonly XNamespace Arxiv = "http://arxiv.org/OAI/arXiv/";
    public static readonly XNamespace ArxivRaw = "http://arxiv.org/OAI/arXivRaw/";

    private const int MaxAuthorNameLength = 300;
    private static readonly string[] NameParts = ["forenames", "keyname", "suffix"];

    /// <summary>A record that cannot become a paper; the message says why.</summary>
    public sealed class RecordException(string message) : Exception(message);

    public static PaperRecord Read(XElement metadata, string origin)
    {
        var record = ReadFormat(metadata, origin);
        return TextRule.Check(record) is { } problem ? throw new RecordException(problem) : record;
    }

    private static PaperRecord ReadFormat(XElement metadata, string origin)
    {
        var ns = metadata.Name.Namespace;
        if (metadata.Name == Arxiv + "arXiv")
        {
            // The arXiv format has no version numbers: created is v1's date, updated the latest version's.
            var created = Date(metadata, ns, "created");
            return Common(metadata, ns, origin) with
            {
                Authors = StructuredAuthors(metadata), PublishedAt = created, UpdatedAt = Date(metadata, ns, "updated")
                    ?? created,
            };
        }
        if (metadata.Name == ArxivRaw + "arXivRaw")
            return WithVersions(Common(metadata, ns, origin) with
                { Authors = RawAuthors(Text(metadata, ns, "authors")) }, metadata);
        throw new
            RecordException($"unknown metadata format <{metadata.Name.LocalName}> in namespace '{ns.NamespaceName}' " +
                $"(expected arXiv or arXivRaw)");
    }

    private static PaperRecord Common(XElement m, XNamespace ns, string origin)
    {
        var id = Required(m, ns, "id", Paper.MaxIdLength);
        if (!PaperIds.IsArxivId(id)) throw new RecordException($"id '{id}' is not an arXiv id");
        var title = Required(m, ns, "title", Paper.MaxTitleLength);
        var abstractText = Required(m, ns, "abstract", Paper.MaxAbstractLength);
        var comments = Optional(m, ns, "comments", Paper.MaxCommentsLength);
        var links = LinkExtractor.Extract(abstractText, comments);
        return new PaperRecord
        {
            Id = id,
            Title = title,
            Abstract = abstractText,
            Categories = Optional(m, ns, "categories", 500),
            Comments = comments,
            JournalRef = Optional(m, ns, "journal-ref", Paper.MaxCommentsLength),
            Doi = Optional(m, ns, "doi", 200),
            License = Optional(m, ns, "license", Paper.MaxUrlLength),
            GithubRepo = links.CodeRepository,
            ProjectPage = links.ProjectPage,
            ExtraLinks = FitExtraLinks(links.Extra),
            Origin = $"{origin} ({id})",
        };
    }

    /// <summary><c>forenames keyname suffix</c> in document order; a collaboration has only a keyname.</summary>
    private static List<string>? StructuredAuthors(XElement m)
    {
        var authors = m.Element(Arxiv + "authors")?.Elements(Arxiv + "author").ToList();
        if (authors is not { Count: > 0 }) return null;
        return [.. authors.Select((author, i) =>
        {
            var parts = NameParts.Select(part => Collapse(author.Element(Arxiv + part)?.Value)).Where(p =>
                p.Length > 0);
            var name = string.Join(' ', parts);
            if (name.Length == 0) throw new RecordException($"author {i + 1} has no name");
            return name.Length <= MaxAuthorNameLength ? name
                : throw new
                RecordException($"author {i + 1} is {name.Length} characters; the limit is {MaxAuthorNameLength}");
        })];
    }

    /// <summary>arXivRaw's author line: names separated by commas and a final "and", affiliations in
    /// parentheses.</summary>
    private static List<string>? RawAuthors(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        var names = AuthorSeparator().Split(Parenthesized().Replace(line, " ")).Select(Collapse).Where(n =>
            n.Length > 0).ToList();
        if (names.Any(n => n.Length > MaxAuthorNameLength)) throw new
            RecordException($"an author name is longer than {MaxAuthorNameLength} characters");
        return names.Count > 0 ? names : null;
    }

    /// <summary>The latest version is the paper's version; the first version's date is its publication date.</summary>
    private static PaperRecord WithVersions(PaperRecord record, XElement m)
    {
        var versions = m.Elements(ArxivRaw + "version").Select(v =>
        {
            var label = (string?)v.Attribute("version") ?? "";
            var number = label.StartsWith('v')
                && int.TryParse(label[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new RecordException($"version '{label}' is not of the form v1, v2 ...");
            return (Number: number, Date: ParseDate(Collapse(v.Element(ArxivRaw + "date")?.Value),
                $"version {label} date"));
        }).OrderBy(v => v.Number).ToList();
        if (versions.Count == 0) throw new RecordException("has no version");
        return record with { Version = versions[^1].Number, PublishedAt = versions[0].Date,
            UpdatedAt = versions[^1].Date };
    }

    private static List<string>? FitExtraLinks(IReadOnlyList<string> links)
    {
        var kept = new List<string>();
        var length = 0;
        foreach (var link in links)
        {
            length += link.Length + 1;
            if (length > Paper.MaxExtraLinksLength) break;
            kept.Add(link);
        }
        return kept.Count > 0 ? kept : null;
    }

    private static DateTime? Date(XElement m, XNamespace ns, string name) =>
        Optional(m, ns, name, 40) is { } text ? ParseDate(text, name) : null;

    private static DateTime ParseDate(string text, string what) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc)
            : throw new RecordException($"{what} '{text}' is not a date");

    private static string Required(XElement m, XNamespace ns, string name, int maxLength) =>
        Optional(m, ns, name, maxLength) ?? throw new RecordException($"has no {name}");

    private static string? Optional(XElement m, XNamespace ns, string name, int maxLength)
    {
        var text = Text(m, ns, name);
        if (string.IsNullOrEmpty(text)) return null;
        return text.Length <= maxLength ? text
            : throw new RecordException($"{name} is {text.Length} characters; the limit is {maxLength}");
    }

    private static string? Text(XElement m, XNamespace ns, string name) =>
        m.Element(ns + name) is { } e ? Collapse(e.Value) : null;

    /// <summary>arXiv wraps long fields over several lines; a paper's fields are single-spaced text.</summary>
    private static string Collapse(string? text) => text is null ? "" : Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*,\s*(?:and\s+)?|\s+and\s+")]
    private static partial Regex AuthorSeparator();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesized();
}
