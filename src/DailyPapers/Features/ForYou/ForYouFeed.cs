using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.ForYou;

/// <summary>A paper of a reader's For you, why it is there, and the title of the liked paper it is like.</summary>
public sealed record ForYouItem(PaperView Paper, DateTime ListedAt, ForYouReason Reason, string? LikeTitle);

public sealed record ForYouResult(IReadOnlyList<ForYouItem> Items, int Total, bool ColdStart);

/// <summary>One page of a reader's For you: the recent papers ranked by their model, followed ones first.</summary>
public sealed class ForYouFeed(AppDb db, RecentPapers recent, ReaderModels models, ReaderData data)
{
    public async Task<ForYouResult> PageAsync(string userId, int days, int skip, int take, bool hideSeen,
        CancellationToken cancellationToken)
    {
        var set = await recent.GetAsync(days, cancellationToken);
        var model = models.Find(userId);
        IEnumerable<string> hidden = await data.DismissedAsync(userId, cancellationToken);
        if (hideSeen) hidden = hidden.Concat(await data.SeenAsync(userId, cancellationToken));
        var followed = new Dictionary<int, string>();
        foreach (var follow in await data.FollowsAsync(userId, cancellationToken))
        {
            foreach (var row in set.Matching(FollowKeys.Of(follow.Kind, follow.Key)))
                followed.TryAdd(row, follow.Label);
        }
        var ranking = ForYouRanking.Rank(model ?? ColdStart, set.Candidates, skip, take, hidden, followed);

        var ids = ranking.Papers.Select(p => p.Id).ToList();
        var views = await PaperViews.LoadAsync(db, ids, cancellationToken, includeHidden: false);
        var likedIds = ranking.Papers.Select(p => p.Reason.PaperId).OfType<string>().Distinct().ToList();
        var titles = likedIds.Count == 0 ? [] : await db.Papers.Where(p => likedIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Title }).ToDictionaryAsync(p => p.Id, p => p.Title, cancellationToken);
        var items = ranking.Papers.Where(p => views.ContainsKey(p.Id)).Select(p => new ForYouItem(views[p.Id],
            set.ListedAt(p.Id), p.Reason, p.Reason.PaperId is { } liked ? titles.GetValueOrDefault(liked) : null));
        return new ForYouResult([.. items], ranking.Total, model?.IsColdStart != false);
    }

    private static readonly ReaderModel ColdStart = ReaderModel.Train(ReaderSignals.None,
        new Background(new EmbeddingMatrix(0)), ReaderModels.Settings);
}
