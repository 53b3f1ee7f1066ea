using System.Collections.Concurrent;
using DailyPapers.Data;
using DailyPapers.Features.Feed;
using DailyPapers.Features.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// The candidates of For you for one window of days, as ranking needs them, plus what follows match on: for each
/// author name, claimed account and category, the candidates that carry it. The same for every reader.
/// </summary>
public sealed class RecentSet(CandidatePapers candidates, DateTime[] listedAt, Dictionary<string, List<int>> byKey,
    long builtAt, bool complete)
{
    public CandidatePapers Candidates { get; } = candidates;

    /// <summary>When the candidate with this id reached the site: first featured, else harvested.</summary>
    public DateTime ListedAt(string id) =>
        Candidates.TryGetRow(id, out var row) ? listedAt[row] : throw new KeyNotFoundException(id);

    /// <summary>The candidates a follow matches (<see cref="FollowKeys.Of"/>).</summary>
    public IReadOnlyList<int> Matching(string followKey) =>
        byKey.TryGetValue(followKey, out var rows) ? rows : [];

    internal long BuiltAt { get; } = builtAt;

    /// <summary>False when built before the embeddings were loaded at start-up: read again at the next
    /// request.</summary>
    internal bool Complete { get; } = complete;
}

/// <summary>
/// Reads the recent papers once per <see cref="ForYouOptions.CandidateRefresh"/> and window, so a For-you request
/// ranks papers already in memory: a request costs a dot product per candidate, never a scan of the papers table.
/// </summary>
public sealed class RecentPapers(IServiceScopeFactory scopes, VectorStore vectors, TimeProvider clock,
    IOptions<ForYouOptions> options)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<RecentSet>>> sets = new();

    public async Task<RecentSet> GetAsync(int days, CancellationToken cancellationToken)
    {
        while (true)
        {
            var fresh = false;
            var entry = sets.GetOrAdd(days, d =>
            {
                fresh = true;
                return new Lazy<Task<RecentSet>>(() => BuildAsync(d));
            });
            var building = entry.Value;
            // A set this call asked for is used even when it is already older than the refresh interval (0 refreshes
            // on every request); an older one is read again.
            if (!fresh && building.IsCompletedSuccessfully && (!building.Result.Complete
                || clock.GetElapsedTime(building.Result.BuiltAt) > options.Value.CandidateRefresh))
            {
                sets.TryRemove(new KeyValuePair<int, Lazy<Task<RecentSet>>>(days, entry));
                continue;
            }
            try
            {
                return await building.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed read is not kept: the next request tries again.
                sets.TryRemove(new KeyValuePair<int, Lazy<Task<RecentSet>>>(days, entry));
                throw;
            }
        }
    }

    private async Task<RecentSet> BuildAsync(int days)
    {
        var started = clock.GetTimestamp();
        var complete = vectors.IsLoaded;
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-days);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var recent = db.Papers.AsNoTracking()
            .Where(p => !p.IsHidden && (p.FirstFeaturedAt >= since || p.CreatedAt >= since));
        var papers = await recent
            .Select(p => new { p.Id, p.Upvotes, p.FirstFeaturedAt, p.CreatedAt, p.Categories, p.AiKeywords })
            .ToListAsync();
        var authors = await db.PaperAuthors.AsNoTracking()
            .Where(a => !a.Hidden && recent.Any(p => p.Id == a.PaperId))
            .Select(a => new { a.PaperId, a.Name, a.UserId }).ToListAsync();
        var authorsOf = authors.ToLookup(a => a.PaperId, StringComparer.Ordinal);

        var candidates = new CandidatePapers(papers.Count);
        var listedAt = new List<DateTime>(papers.Count);
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        void Index(string key, int row)
        {
            if (!byKey.TryGetValue(key, out var rows)) byKey[key] = rows = [];
            if (rows.Count == 0 || rows[^1] != row) rows.Add(row);
        }
        Span<float> vector = stackalloc float[EmbeddingMatrix.Dimensions];
        foreach (var paper in papers)
        {
            // A paper not embedded yet cannot be scored; it joins at the next refresh.
            if (!vectors.TryCopyVector(paper.Id, vector)) continue;
            var listed = paper.FirstFeaturedAt is { } featured && featured >= since ? featured : paper.CreatedAt;
            var categories = (paper.Categories ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var keywords = (paper.AiKeywords ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var row = candidates.Count;
            candidates.Add(paper.Id, vector, Trending.Score(paper.Upvotes, listed, now), [.. categories, .. keywords]);
            listedAt.Add(listed);
            foreach (var category in categories) Index(FollowKeys.Of(FollowKind.Category, category), row);
            foreach (var author in authorsOf[paper.Id])
            {
                Index(FollowKeys.Of(FollowKind.AuthorName, author.Name), row);
                if (author.UserId is { } account) Index(FollowKeys.Of(FollowKind.Account, account), row);
            }
        }
        return new RecentSet(candidates, [.. listedAt], byKey, started, complete);
    }
}

/// <summary>How a follow and a candidate meet: the kind and the key as stored (names and categories
/// lowercase).</summary>
public static class FollowKeys
{
    public static string Normalize(FollowKind kind, string value) =>
        kind == FollowKind.Account ? value : string.Join(' ', value.Split((char[]?)null,
            StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    public static string Of(FollowKind kind, string value) => $"{kind}:{Normalize(kind, value)}";
}
