using System.Text.RegularExpressions;
using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Digests;

/// <summary>
/// A subscriber's topics: arXiv categories (<c>cs.CL</c>) or search words (<c>diffusion, speech recognition</c>).
/// A paper matches a topic when it has the category, or when its title, abstract or keywords contain every word.
/// </summary>
public static partial class Topics
{
    public const int MaxTopics = 10;
    public const int MaxTopicLength = 60;

    /// <summary>Parses comma-separated topics into their canonical form (trimmed, lowercase, distinct).</summary>
    public static bool TryNormalize(string? input, out string topics, out string error)
    {
        topics = "";
        error = "";
        var text = input ?? "";
        if (text.Any(char.IsControl))
        {
            error = "Topics cannot contain line breaks or control characters.";
            return false;
        }
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => Spaces().Replace(t, " ").ToLowerInvariant()).Distinct().ToList();
        error = list switch
        {
            { Count: > MaxTopics } => $"At most {MaxTopics} topics, separated by commas.",
            _ when list.FirstOrDefault(t => t.Length > MaxTopicLength) is { } tooLong =>
                $"The topic '{tooLong[..20]}…' is longer than {MaxTopicLength} characters.",
            _ when list.FirstOrDefault(t => !Allowed().IsMatch(t)) is { } odd =>
                $"The topic '{odd}' has characters other than letters, digits, spaces, '.', '-' and '+'.",
            _ => "",
        };
        if (error.Length > 0) return false;
        topics = string.Join(", ", list);
        return true;
    }

    public static IReadOnlyList<string> List(string topics) =>
        topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether the paper matches any of the topics (every paper matches no topics).</summary>
    public static bool Matches(PaperView paper, IReadOnlyList<string> topics)
    {
        if (topics.Count == 0) return true;
        var categories = paper.CategoryList.Select(c => c.ToLowerInvariant()).ToHashSet();
        var text = $"{paper.Title}\n{paper.Abstract}\n{paper.AiKeywords}".ToLowerInvariant();
        return topics.Any(topic => categories.Contains(topic)
            || topic.Split(' ').All(word => text.Contains(word, StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^[\p{L}\p{N} .+\-]+$")]
    private static partial Regex Allowed();
}
