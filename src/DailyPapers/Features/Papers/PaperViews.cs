using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Papers;

/// <summary>
/// Loads <see cref="PaperView"/>s by id with flat, precompiled queries (the papers, their authors in order, and the
/// accounts among them when there are any) joined here. A projection with the authors as a nested collection makes
/// EF Core build a delegate for the nested shaper on every execution: that and the split-query machinery took about
/// 13% of a keyword search request.
/// </summary>
public static class PaperViews
{
    private sealed record PaperRow(string Id, string Title, string Abstract, DateTime? PublishedAt, DateTime? UpdatedAt,
        string? Categories, int? Version, string? GithubRepo, int? GithubStars, string? ProjectPage, string? AiSummary,
        string? AiKeywords, int Upvotes, int NumComments, DateTime? FirstFeaturedAt, string? FirstFeaturedById,
        string? OrganizationName, string? OrganizationFullName, string? OrganizationAvatarUrl);

    private sealed record AuthorRow(string PaperId, string AuthorId, string Name, bool Hidden, string? UserId);

    private static readonly CompiledQuery<Func<AppDb, List<string>, bool, IAsyncEnumerable<PaperRow>>> Papers =
        new(() => EF.CompileAsyncQuery((AppDb db, List<string> ids, bool includeHidden) => db.Papers.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && (includeHidden || !p.IsHidden))
            .Select(p => new PaperRow(p.Id, p.Title, p.Abstract, p.PublishedAt, p.UpdatedAt, p.Categories, p.Version,
                p.GithubRepo, p.GithubStars, p.ProjectPage, p.AiSummary, p.AiKeywords, p.Upvotes, p.NumComments,
                p.FirstFeaturedAt, p.FirstFeaturedById, p.OrganizationName, p.OrganizationFullName,
                p.OrganizationAvatarUrl))));

    private static readonly CompiledQuery<Func<AppDb, List<string>, IAsyncEnumerable<AuthorRow>>> Authors =
        new(() => EF.CompileAsyncQuery((AppDb db, List<string> ids) => db.PaperAuthors.AsNoTracking()
            .Where(a => ids.Contains(a.PaperId))
            .OrderBy(a => a.PaperId).ThenBy(a => a.Position)
            .Select(a => new AuthorRow(a.PaperId, a.AuthorId, a.Name, a.Hidden, a.UserId))));

    private static readonly CompiledQuery<Func<AppDb, List<string>, IAsyncEnumerable<UserView>>> Users =
        new(() => EF.CompileAsyncQuery((AppDb db, List<string> ids) => db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id)).Select(u => new UserView(u.Id, u.UserName!, u.FullName, u.AvatarUrl,
                u.IsPro))));

    /// <summary>The papers with these ids that exist (hidden ones only with <paramref name="includeHidden"/>), by
    /// id.</summary>
    public static async Task<Dictionary<string, PaperView>> LoadAsync(AppDb db, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken, bool includeHidden = true)
    {
        var views = new Dictionary<string, PaperView>(ids.Count, StringComparer.Ordinal);
        if (ids.Count == 0) return views;
        var idList = ids as List<string> ?? [.. ids];
        var papers = await Papers.For(db)(db, idList, includeHidden).ToListAsync(cancellationToken);
        var authors = await Authors.For(db)(db, idList).ToListAsync(cancellationToken);
        // Accounts appear on few papers (claimed authorships, community submissions): looked up only when they do.
        var userIds = authors.Select(a => a.UserId).Concat(papers.Select(p =>
            p.FirstFeaturedById)).OfType<string>().Distinct().ToList();
        var users = userIds.Count == 0 ? []
            : await Users.For(db)(db, userIds).ToDictionaryAsync(u => u.Id, cancellationToken: cancellationToken);
        var authorViews = authors.GroupBy(a => a.PaperId).ToDictionary(g => g.Key,
            g => (IReadOnlyList<AuthorView>)[..
                g.Select(a => new AuthorView(a.AuthorId, a.Name, a.Hidden, a.UserId, UserOrNull(users, a.UserId)))]);
        foreach (var p in papers)
        {
            views[p.Id] = new PaperView(p.Id, p.Title, p.Abstract, authorViews.GetValueOrDefault(p.Id) ?? [],
                p.PublishedAt, p.UpdatedAt, p.Categories, p.Version, p.GithubRepo, p.GithubStars, p.ProjectPage,
                p.AiSummary, p.AiKeywords, p.Upvotes, p.NumComments, p.FirstFeaturedAt,
                UserOrNull(users, p.FirstFeaturedById), p.OrganizationName is { } name
                    ? new OrganizationView(name, p.OrganizationFullName, p.OrganizationAvatarUrl) : null);
        }
        return views;
    }

    private static UserView? UserOrNull(Dictionary<string, UserView> users, string? id) =>
        id is null ? null : users.GetValueOrDefault(id);
}
