using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// A reader's order of some papers: by followed authors or categories first, then the rest; <see cref="Reasons"/>
/// says why, by paper id, for the followed papers and those the reader's model ranked.
/// </summary>
public sealed record ReaderOrder(IReadOnlyList<PaperView> Followed, IReadOnlyList<PaperView> Rest,
    IReadOnlyDictionary<string, ForYouReason> Reasons);

/// <summary>
/// Orders papers for one reader outside the For-you page (their digest): followed authors' and categories' papers
/// first, dismissed ones left out, and the rest by the reader's model when <c>byModel</c> (in the given order when
/// they have no model yet: nothing liked).
/// </summary>
public sealed class ReaderOrdering(ReaderData data, ReaderModels models, VectorStore vectors)
{
    public async Task<ReaderOrder> OrderAsync(string userId, IReadOnlyList<PaperView> papers, bool byModel,
        CancellationToken cancellationToken)
    {
        var follows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var follow in await data.FollowsAsync(userId, cancellationToken))
            follows.TryAdd(FollowKeys.Of(follow.Kind, follow.Key), follow.Label);
        var dismissed = (await data.DismissedAsync(userId, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var reasons = new Dictionary<string, ForYouReason>(StringComparer.Ordinal);
        var followed = new List<PaperView>();
        var rest = new List<PaperView>();
        foreach (var paper in papers.Where(p => !dismissed.Contains(p.Id)))
        {
            if (FollowLabel(paper, follows) is { } label)
            {
                followed.Add(paper);
                reasons[paper.Id] = new ForYouReason(ReasonKind.Follow, Topic: label);
            }
            else rest.Add(paper);
        }
        if (byModel && await models.GetOrTrainAsync(userId, cancellationToken) is { IsColdStart: false } model)
        {
            var vector = new float[EmbeddingMatrix.Dimensions];
            var scored = new List<(PaperView Paper, float Score)>(rest.Count);
            foreach (var paper in rest.Where(p => !model.Known.Contains(p.Id)))
            {
                if (!vectors.TryCopyVector(paper.Id, vector))
                {
                    scored.Add((paper, float.MinValue));
                    continue;
                }
                scored.Add((paper, model.Score(vector)));
                if (ForYouRanking.NearestLiked(model, vector) is { } liked)
                    reasons[paper.Id] = new ForYouReason(ReasonKind.Like, liked);
            }
            rest = [.. scored.OrderByDescending(p => p.Score).Select(p => p.Paper)];
        }
        return new ReaderOrder(followed, rest, reasons);
    }

    /// <summary>The label of the first follow <paramref name="paper"/> matches: a category, an author's name or
    /// account.</summary>
    private static string? FollowLabel(PaperView paper, Dictionary<string, string> follows)
    {
        foreach (var category in paper.CategoryList)
        {
            if (follows.TryGetValue(FollowKeys.Of(FollowKind.Category, category), out var label)) return label;
        }
        foreach (var author in paper.Authors.Where(a => !a.Hidden))
        {
            if (follows.TryGetValue(FollowKeys.Of(FollowKind.AuthorName, author.Name), out var label)
                || author.UserId is { } account
                && follows.TryGetValue(FollowKeys.Of(FollowKind.Account, account), out label)) return label;
        }
        return null;
    }
}
