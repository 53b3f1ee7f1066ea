using System.Globalization;
using System.Text.Json;
using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// Reads the JSON array that <c>GET /api/daily_papers</c> returns (Hugging Face's, or another DailyPapers
/// instance's): each item's <c>paper</c> becomes a paper, its <c>publishedAt</c> the featured time. An item that
/// breaks the format or <see cref="TextRule"/> refuses the whole file, naming the item and field; a link that is not
/// an http(s) URL is left out with a warning.
/// </summary>
public static class HfDailyParser
{
    private const int MaxFullNameLength = 200;

    /// <param name="json">The file's contents.</param>
    /// <param name="date">Featured date for every item; when null, the UTC date of each item's
    /// <c>publishedAt</c>.</param>
    /// <param name="warn">Told about links left out.</param>
    public static IReadOnlyList<PaperRecord> Parse(ReadOnlyMemory<byte> json, DateOnly? date,
        Action<string>? warn = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new
                ImportFormatException($"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: " +
                    $"{FirstSentence(e.Message)}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new
                    ImportFormatException($"expected a JSON array of daily papers items, found " +
                        $"{document.RootElement.ValueKind.ToString().ToLowerInvariant()}");

            var records = new List<PaperRecord>();
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var record = ParseItem(item, $"item {index}", date, warn);
                if (TextRule.Check(record) is { } problem)
                    throw new ImportFormatException($"{record.Origin}: {problem}");
                records.Add(record);
                index++;
            }
            if (records.Count == 0) throw new ImportFormatException("the array is empty: no papers to import");
            return records;
        }
    }

    private static PaperRecord ParseItem(JsonElement item, string origin, DateOnly? date, Action<string>? warn)
    {
        if (item.ValueKind != JsonValueKind.Object) throw Error(origin, "is not an object");
        if (!item.TryGetProperty("paper", out var paper) || paper.ValueKind != JsonValueKind.Object)
            throw Error(origin, "has no \"paper\" object");

        var (id, version) = PaperIds.Normalize(RequiredString(paper, "id", origin, Paper.MaxIdLength));
        if (!PaperIds.IsArxivId(id) && !IsSafeId(id))
            throw Error(origin, $"paper.id \"{id}\" is not an arXiv id or a URL-safe id");
        var title = OptionalString(paper, "title", origin, Paper.MaxTitleLength)
            ?? RequiredString(item, "title", origin, Paper.MaxTitleLength);
        var summary = OptionalString(paper, "summary", origin, Paper.MaxAbstractLength)
            ?? OptionalString(item, "summary", origin, Paper.MaxAbstractLength) ?? "";
        var featuredAt = OptionalDate(item, "publishedAt", origin) ?? OptionalDate(paper, "submittedOnDailyAt", origin);
        var featuredDate = date ?? (featuredAt is { } at ? DateOnly.FromDateTime(at)
            : throw Error(origin, "has no publishedAt (featured time); pass --date"));

        return new PaperRecord
        {
            Id = id,
            Version = version,
            Title = title.Trim(),
            Abstract = summary.Trim(),
            Authors = Authors(paper, origin),
            PublishedAt = OptionalDate(paper, "publishedAt", origin),
            GithubRepo = OptionalUrl(paper, "githubRepo", $"{origin} ({id})", warn),
            GithubStars = OptionalInt(paper, "githubStars", origin),
            ProjectPage = OptionalUrl(paper, "projectPage", $"{origin} ({id})", warn),
            AiSummary = OptionalString(paper, "ai_summary", origin, Paper.MaxAbstractLength),
            AiKeywords = StringArray(paper, "ai_keywords", origin),
            Upvotes = OptionalInt(paper, "upvotes", origin),
            NumComments = OptionalInt(item, "numComments", origin),
            Featured = new FeaturedOn(featuredDate,
                featuredAt ?? featuredDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                    Submitter(item, paper, origin)),
            Organization = Organization(item, paper, origin),
            Origin = $"{origin} ({id})",
        };
    }

    private static List<string>? Authors(JsonElement paper, string origin)
    {
        if (!paper.TryGetProperty("authors", out var authors) || authors.ValueKind == JsonValueKind.Null) return null;
        if (authors.ValueKind != JsonValueKind.Array) throw Error(origin, "paper.authors is not an array");
        var names = new List<string>();
        foreach (var author in authors.EnumerateArray())
        {
            var name = author.ValueKind == JsonValueKind.Object ? OptionalString(author, "name", origin, 300) : null;
            if (string.IsNullOrWhiteSpace(name)) throw Error(origin, $"author {names.Count} has no name");
            names.Add(name.Trim());
        }
        return names;
    }

    private static Submitter? Submitter(JsonElement item, JsonElement paper, string origin)
    {
        var user = item.TryGetProperty("submittedBy", out var by) && by.ValueKind == JsonValueKind.Object ? by
            : paper.TryGetProperty("submittedOnDailyBy", out var byPaper)
                && byPaper.ValueKind == JsonValueKind.Object ? byPaper
            : default;
        if (user.ValueKind != JsonValueKind.Object) return null;
        var name = Text(user, "name", origin) ?? Text(user, "user", origin);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return null;
        // HF gives users without a picture a relative avatar URL: they get this instance's drawn avatar instead.
        var fullName = Text(user, "fullname", origin) is { Length: <= MaxFullNameLength } full ? full : null;
        return new Submitter(name, fullName, PaperLinks.Canonical(Text(user, "avatarUrl", origin)),
            user.TryGetProperty("isPro", out var pro) && pro.ValueKind == JsonValueKind.True);
    }

    /// <summary>HF's <c>organization</c> (on the item or the paper): kept only with a handle HF could have issued;
    /// a malformed one is dropped like a malformed submitter, without failing the import.</summary>
    private static OrganizationView? Organization(JsonElement item, JsonElement paper, string origin)
    {
        var organization = item.TryGetProperty("organization", out var onItem)
            && onItem.ValueKind == JsonValueKind.Object ? onItem
            : paper.TryGetProperty("organization", out var onPaper)
                && onPaper.ValueKind == JsonValueKind.Object ? onPaper : default;
        if (organization.ValueKind != JsonValueKind.Object) return null;
        var name = Text(organization, "name", origin);
        if (string.IsNullOrWhiteSpace(name) || name.Length > Paper.MaxOrganizationNameLength
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return null;
        var fullName = Text(organization, "fullname", origin)?.Trim() is { Length: > 0 and
            <= Paper.MaxOrganizationFullNameLength } full ? full : null;
        var avatar = PaperLinks.Canonical(Text(organization, "avatar", origin)
            ?? Text(organization, "avatarUrl", origin));
        return new OrganizationView(name, fullName, avatar);
    }

    private static string RequiredString(JsonElement element, string name, string origin, int maxLength) =>
        OptionalString(element, name, origin, maxLength) is { Length: > 0 } value ? value
            : throw Error(origin, $"has no \"{name}\"");

    private static string? OptionalString(JsonElement element, string name, string origin, int maxLength)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw Error(origin, $"\"{name}\" is not a string");
        var text = GetString(value, name, origin);
        return text.Length <= maxLength ? text
            : throw Error(origin, $"\"{name}\" is {text.Length} characters; the limit is {maxLength}");
    }

    private static string? OptionalUrl(JsonElement element, string name, string origin, Action<string>? warn)
    {
        if (OptionalString(element, name, origin, int.MaxValue) is not { Length: > 0 } raw) return null;
        if (PaperLinks.Canonical(raw) is { } url) return url;
        warn?.Invoke($"{origin}: \"{name}\" is not an http(s) URL; the paper is imported without it");
        return null;
    }

    private static int? OptionalInt(JsonElement element, string name, string origin)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number
            : throw Error(origin, $"\"{name}\" is not a non-negative integer");
    }

    private static DateTime? OptionalDate(JsonElement element, string name, string origin)
    {
        if (OptionalString(element, name, origin, 40) is not { } text) return null;
        return DateTime.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
            : throw Error(origin, $"\"{name}\" is not a date: \"{text}\"");
    }

    private static List<string>? StringArray(JsonElement element, string name, string origin)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw Error(origin, $"\"{name}\" is not an array");
        return [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String)
            .Select(v => GetString(v, name, origin).Trim()).Where(v => v.Length is > 0 and <= 200)];
    }

    private static string? Text(JsonElement element, string name, string origin) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? GetString(value, name, origin) : null;

    /// <summary>JSON can escape half of a surrogate pair (<c>"\ud800"</c>), which is no text at all.</summary>
    private static string GetString(JsonElement value, string name, string origin)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Error(origin, $"\"{name}\" is not valid Unicode text");
        }
    }

    private static bool IsSafeId(string id) =>
        id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.');

    private static ImportFormatException Error(string origin, string message) => new($"{origin}: {message}");

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
}
