using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Features.Imports;
using DailyPapers.Features.Papers;

namespace SearchBench;

/// <summary>
/// Papers recombined from the demo corpus: a title of two demo title halves, 5-9 abstract sentences drawn from all demo
/// abstracts, random authors, dates (2015-2025), categories and code links. Deterministic for a seed.
/// </summary>
public sealed partial class Synthetic
{
    private static readonly string[] Categories =
        ["cs.CL", "cs.LG", "cs.CV", "cs.AI", "cs.RO", "stat.ML", "cs.IR", "q-bio.BM"];
    private static readonly string[] Given =
        ["Ana", "Wei", "Sara", "Ivan", "Maya", "Tom", "Li", "Omar", "Yuki", "Priya", "Jonas", "Elena", "Kofi", "Mei",
        "Diego"];
    private static readonly string[] Family =
        ["Garcia", "Zhang", "Novak", "Okafor", "Tanaka", "Silva", "Kumar", "Muller", "Rossi", "Kim", "Haddad", "Larsen",
        "Costa", "Ivanova", "Chen"];

    public IReadOnlyList<PaperRecord> Demo { get; }
    private readonly string[] titleHeads, titleTails, sentences;

    public Synthetic()
    {
        Demo = ListingParser.Parse(DemoCorpus.ListingBytes(), DemoCorpus.Date, DemoCorpus.Date);
        titleHeads = [.. Demo.Select(p => p.Title.Split(':')[0].Trim())];
        titleTails = [.. Demo.Select(p => p.Title.Contains(':') ? p.Title[(p.Title.IndexOf(':') + 1)..].Trim()
            : p.Title)];
        sentences = [.. Demo.SelectMany(p => Sentence().Split(p.Abstract)).Where(s => s.Length > 30)];
    }

    public sealed record Paper(string Id, string Title, string Abstract, string[] Authors, DateTime Published,
        string Categories, bool HasCode);

    public IEnumerable<Paper> Generate(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var title = $"{titleHeads[random.Next(titleHeads.Length)]}: {titleTails[random.Next(titleTails.Length)]}";
            var text = string.Join(' ', Enumerable.Range(0,
                random.Next(5, 10)).Select(_ => sentences[random.Next(sentences.Length)]));
            var authors = Enumerable.Range(0,
                random.Next(1, 6)).Select(_ =>
                $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}").ToArray();
            var published = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(0, 4000));
            var categories = string.Join(' ',
                Enumerable.Range(0, random.Next(1, 3)).Select(_ =>
                Categories[random.Next(Categories.Length)]).Distinct());
            // Ids in arXiv's shape, but from months arXiv never had (9xxx), so they never collide with real ones.
            yield return new Paper($"99{i / 100_000 % 100:D2}.{i % 100_000:D5}", title, text, authors, published,
                categories, random.NextDouble() < 0.3);
        }
    }

    /// <summary>The papers as a GET /api/daily_papers JSON array, so the real <c>import --format hf-daily</c> loads
    /// them.</summary>
    public static void WriteHfDaily(IEnumerable<Paper> papers, string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartArray();
        foreach (var p in papers)
        {
            json.WriteStartObject();
            json.WriteStartObject("paper");
            json.WriteString("id", p.Id);
            json.WriteStartArray("authors");
            foreach (var a in p.Authors) { json.WriteStartObject(); json.WriteString("name", a); json.WriteEndObject();
                }
            json.WriteEndArray();
            json.WriteString("publishedAt", p.Published);
            json.WriteString("title", p.Title);
            json.WriteString("summary", p.Abstract);
            if (p.HasCode) json.WriteString("githubRepo", $"https://github.com/example/{p.Id}");
            json.WriteEndObject();
            json.WriteString("publishedAt", p.Published);
            json.WriteString("title", p.Title);
            json.WriteString("summary", p.Abstract);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])")]
    private static partial Regex Sentence();
}
