namespace DailyPapers.Features.ForYou;

/// <summary>
/// What a reader has told the site. <paramref name="Liked"/>: the papers they upvoted, saved or collected, newest
/// first (the caller decides which acts count). <paramref name="Dismissed"/>: the papers they marked "not
/// interested". <paramref name="Topics"/>: arXiv categories and keywords they follow or their liked papers carry,
/// matched case-insensitively against a candidate's categories and keywords for the cold start.
/// </summary>
public sealed record ReaderSignals(EmbeddingMatrix Liked, EmbeddingMatrix Dismissed, IReadOnlyCollection<string> Topics)
{
    public static ReaderSignals None { get; } = new(new EmbeddingMatrix(0), new EmbeddingMatrix(0), []);
}
