using System.Text.Json;

namespace DailyPapers.Features.Digests;

/// <summary>
/// The "why" lines of a reader's own digest, kept on its outbox row from composing to sending, so every attempt
/// says what the composer decided, whatever the reader followed or liked since.
/// </summary>
public static class DigestReasons
{
    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static string? Serialize(IReadOnlyList<ChosenPaper> papers)
    {
        var reasons = papers.Where(p => p.Reason is not null).ToDictionary(p => p.Id, p => p.Reason!);
        return reasons.Count == 0 ? null : JsonSerializer.Serialize(reasons);
    }

    public static IReadOnlyDictionary<string, string> Parse(string? reasons) =>
        reasons is null ? None : JsonSerializer.Deserialize<Dictionary<string, string>>(reasons) ?? None;
}
