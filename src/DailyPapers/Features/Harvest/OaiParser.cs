using System.Globalization;
using System.Xml.Linq;
using System.Xml;
using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// Reads an OAI-PMH 2.0 response (<c>ListRecords</c> or <c>GetRecord</c>) record by record, so a dump of any size
/// streams. A broken document (malformed or truncated XML, an HTML page, another root) throws
/// <see cref="ImportFormatException"/>; a broken record is skipped with its reason.
/// </summary>
public static class OaiParser
{
    public static readonly XNamespace Oai = "http://www.openarchives.org/OAI/2.0/";

    private static readonly XmlReaderSettings Settings = new()
    {
        // No DTDs: a response never needs one, and entity expansion is how a hostile document eats memory.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    public static OaiPage Parse(byte[] bytes)
    {
        if (LooksLikeHtml(bytes)) throw new
            ImportFormatException("an HTML page, not an OAI-PMH response (the server sent an error page)");
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), Settings);
            return ReadResponse(reader);
        }
        catch (XmlException e)
        {
            throw new
                ImportFormatException($"malformed XML at line {e.LineNumber}, position {e.LinePosition}: " +
                    $"{e.Message.Split(" Line ", 2)[0]}");
        }
    }

    /// <summary>A saved response for <c>import --format oai</c>: its records; skips, deletions and a continuation go to
    /// <paramref name="warn"/>.</summary>
    public static IReadOnlyList<PaperRecord> ParseFile(byte[] bytes, Action<string>? warn)
    {
        var page = Parse(bytes);
        if (page.Error is { } error) throw new
            ImportFormatException($"the response is an OAI-PMH error, not records: {error}");
        foreach (var skipped in page.Skipped) warn?.Invoke($"skipped {skipped}");
        if (page.Deleted.Count > 0)
            warn?.Invoke($"{page.Deleted.Count} deleted record(s) ignored: {string.Join(", ", page.Deleted.Take(10))}");
        if (page.Next is { } next)
            warn?.Invoke($"the list goes on (resumptionToken '{next.Value}'): use `harvest` to fetch the rest");
        if (page.Records.Count == 0) throw new
            ImportFormatException($"no importable records ({page.Skipped.Count} skipped, {page.Deleted.Count} " +
                $"deleted)");
        return page.Records;
    }

    private static OaiPage ReadResponse(XmlReader reader)
    {
        reader.MoveToContent();
        if (reader.LocalName != "OAI-PMH" || reader.NamespaceURI != Oai.NamespaceName)
            throw new
                ImportFormatException($"not an OAI-PMH response: the root element is <{reader.Name}> in namespace " +
                    $"'{reader.NamespaceURI}'");

        var records = new List<PaperRecord>();
        var skipped = new List<string>();
        var deleted = new List<string>();
        OaiResumptionToken? next = null;
        OaiError? error = null;
        DateTime? responseDate = null;
        var hasList = false;

        reader.ReadStartElement();
        while (reader.NodeType == XmlNodeType.Element)
        {
            switch (reader.LocalName)
            {
                case "responseDate":
                    responseDate = ParseDate(reader.ReadElementContentAsString());
                    break;
                case "error":
                    var code = reader.GetAttribute("code") ?? "unknown";
                    error = new OaiError(code, reader.ReadElementContentAsString().Trim());
                    break;
                case "ListRecords" or "GetRecord" when !reader.IsEmptyElement:
                    hasList = true;
                    reader.ReadStartElement();
                    while (reader.NodeType == XmlNodeType.Element)
                    {
                        if (reader.LocalName == "resumptionToken") next = ReadToken(reader);
                        else if (XNode.ReadFrom(reader) is XElement record && record.Name == Oai + "record")
                            ReadRecord(record, records.Count + skipped.Count + deleted.Count + 1, records, skipped,
                                deleted);
                    }
                    reader.ReadEndElement();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        reader.ReadEndElement(); // a response cut short fails here rather than passing as a shorter list
        if (error is null && !hasList) throw new
            ImportFormatException("the OAI-PMH response has neither records (ListRecords, GetRecord) nor an error");
        return new OaiPage { Records = records, Skipped = skipped, Deleted = deleted, Next = next, Error = error,
            ResponseDate = responseDate };
    }

    private static void ReadRecord(XElement record, int number, List<PaperRecord> records, List<string> skipped,
        List<string> deleted)
    {
        var header = record.Element(Oai + "header");
        var identifier = header?.Element(Oai + "identifier")?.Value.Trim();
        var origin = identifier is { Length: > 0 } ? $"record {number} ({identifier})" : $"record {number}";
        if ((string?)header?.Attribute("status") == "deleted")
        {
            deleted.Add(identifier ?? origin);
            return;
        }
        var metadata = record.Element(Oai + "metadata")?.Elements().FirstOrDefault();
        try
        {
            if (metadata is null) throw new ArxivMetadata.RecordException("has no metadata");
            records.Add(ArxivMetadata.Read(metadata, origin));
        }
        catch (ArxivMetadata.RecordException e)
        {
            skipped.Add($"{origin}: {e.Message}");
        }
    }

    private static OaiResumptionToken? ReadToken(XmlReader reader)
    {
        var cursor = reader.GetAttribute("cursor");
        var size = reader.GetAttribute("completeListSize");
        var value = reader.ReadElementContentAsString().Trim();
        // An empty token marks the last page of a list.
        return value.Length == 0 ? null : new OaiResumptionToken(value, ParseInt(cursor), ParseInt(size));
    }

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTime? ParseDate(string text) =>
        DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? value : null;

    private static bool LooksLikeHtml(byte[] bytes)
    {
        var start = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 512)).TrimStart('\uFEFF', ' ',
            '\t', '\r', '\n');
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
