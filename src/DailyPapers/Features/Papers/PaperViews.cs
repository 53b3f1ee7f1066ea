using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Papers;

/// <summary>
/// Loads <see cref="PaperView"/>s by id with two flat, precompiled queries (the papers, then their authors in order)
/// joined here. A projection with the authors as a nested collection makes EF Core build a delegate for the nested
/// shaper on every execution: that and the split-query machinery took about 13% of a keyword search request.
/// </summary>
public static class PaperViews
{
    private sealed record PaperRow(string Id, string Title, string Abstract, DateTime? PublishedAt, DateTime? UpdatedAt,
        string? Categories, int? Version, string? GithubRepo, int? GithubStars, string? ProjectPage, string? AiSummary,
        string? AiKeywords, int Upvotes, int NumComments, DateTime? FirstFeaturedAt, string? FeaturedById,
        string? FeaturedByName, string? FeaturedByFullName, string? FeaturedByAvatarUrl, bool? FeaturedByIsPro);

    private sealed record AuthorRow(string PaperId, string AuthorId, string Name, bool Hidden, string? UserId,
        string? UserName, string? FullName, string? AvatarUrl, bool? IsPro);

    private static readonly Func<AppDb, List<string>, bool, IAsyncEnumerable<PaperRow>> Papers =
        EF.CompileAsyncQuery((AppDb db, List<string> ids, bool includeHidden) => db.Papers.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && (includeHidden || !p.IsHidden))
            .Select(p => new PaperRow(p.Id, p.Title, p.Abstract, p.PublishedAt, p.UpdatedAt, p.Categories, p.Version,
                p.GithubRepo, p.GithubStars, p.ProjectPage, p.AiSummary, p.AiKeywords, p.Upvotes, p.NumComments,
                p.FirstFeaturedAt, p.FirstFeaturedById, p.FirstFeaturedBy!.UserName, p.FirstFeaturedBy.FullName,
                p.FirstFeaturedBy.AvatarUrl, (bool?)p.FirstFeaturedBy.IsPro)));

    private static readonly Func<AppDb, List<string>, IAsyncEnumerable<AuthorRow>> Authors =
        EF.CompileAsyncQuery((AppDb db, List<string> ids) => db.PaperAuthors.AsNoTracking()
            .Where(a => ids.Contains(a.PaperId))
            .OrderBy(a => a.PaperId).ThenBy(a => a.Position)
            .Select(a => new AuthorRow(a.PaperId, a.AuthorId, a.Name, a.Hidden, a.UserId,
                a.User!.UserName, a.User.FullName, a.User.AvatarUrl, (bool?)a.User.IsPro)));

    /// <summary>The papers with these ids that exist (hidden ones only with <paramref name="includeHidden"/>), by id.</summary>
    public static async Task<Dictionary<string, PaperView>> LoadAsync(AppDb db, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken, bool includeHidden = true)
    {
        var views = new Dictionary<string, PaperView>(ids.Count, StringComparer.Ordinal);
        if (ids.Count == 0) return views;
        var idList = ids as List<string> ?? [.. ids];
        var authors = new Dictionary<string, List<AuthorView>>(ids.Count, StringComparer.Ordinal);
        await foreach (var a in Authors(db, idList).WithCancellation(cancellationToken))
        {
            if (!authors.TryGetValue(a.PaperId, out var list)) authors[a.PaperId] = list = [];
            list.Add(new AuthorView(a.AuthorId, a.Name, a.Hidden, a.UserId, User(a.UserId, a.UserName, a.FullName, a.AvatarUrl, a.IsPro)));
        }
        await foreach (var p in Papers(db, idList, includeHidden).WithCancellation(cancellationToken))
        {
            views[p.Id] = new PaperView(p.Id, p.Title, p.Abstract, authors.GetValueOrDefault(p.Id) ?? [], p.PublishedAt,
                p.UpdatedAt, p.Categories, p.Version, p.GithubRepo, p.GithubStars, p.ProjectPage, p.AiSummary, p.AiKeywords,
                p.Upvotes, p.NumComments, p.FirstFeaturedAt,
                User(p.FeaturedById, p.FeaturedByName, p.FeaturedByFullName, p.FeaturedByAvatarUrl, p.FeaturedByIsPro));
        }
        return views;
    }

    private static UserView? User(string? id, string? userName, string? fullName, string? avatarUrl, bool? isPro) =>
        id is null || userName is null ? null : new UserView(id, userName, fullName, avatarUrl, isPro ?? false);
}
