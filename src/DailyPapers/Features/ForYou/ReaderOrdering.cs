using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;

namespace DailyPapers.Features.ForYou;

/// <summary>A reader's order of some papers: by followed authors or categories first, then the rest.</summary>
public sealed record ReaderOrder(IReadOnlyList<PaperView> Followed, IReadOnlyList<PaperView> Rest);

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
        var follows = (await data.FollowsAsync(userId, cancellationToken))
            .Select(f => FollowKeys.Of(f.Kind, f.Key)).ToHashSet(StringComparer.Ordinal);
        var dismissed = (await data.DismissedAsync(userId, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        bool Followed(PaperView paper) =>
            paper.CategoryList.Any(c => follows.Contains(FollowKeys.Of(FollowKind.Category, c)))
            || paper.Authors.Any(a => !a.Hidden && (follows.Contains(FollowKeys.Of(FollowKind.AuthorName, a.Name))
                || (a.UserId is { } account && follows.Contains(FollowKeys.Of(FollowKind.Account, account)))));
        var kept = papers.Where(p => !dismissed.Contains(p.Id)).ToList();
        IEnumerable<PaperView> rest = kept.Where(p => !Followed(p));
        if (byModel && await models.GetOrTrainAsync(userId, cancellationToken) is { IsColdStart: false } model)
        {
            var vector = new float[EmbeddingMatrix.Dimensions];
            rest = rest.Where(p => !model.Known.Contains(p.Id))
                .Select(p => (Paper: p, Score: vectors.TryCopyVector(p.Id, vector) ? model.Score(vector)
                    : float.MinValue))
                .OrderByDescending(p => p.Score).Select(p => p.Paper).ToList();
        }
        return new ReaderOrder([.. kept.Where(Followed)], [.. rest]);
    }
}
