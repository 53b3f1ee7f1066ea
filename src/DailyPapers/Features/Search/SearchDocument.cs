using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Search;

/// <summary>
/// The part of a paper that search indexes: read from the database in one light query, no entity tracking. A paper
/// curators hid is read too, so the index can drop it.
/// </summary>
public sealed record SearchDocument(string Id, string Title, string Abstract, IReadOnlyList<string> Authors,
    string? Categories, DateTime? Date, bool HasCode, DateTime ModifiedAt, bool IsHidden = false)
{
    public static IQueryable<SearchDocument> From(IQueryable<Paper> papers) => papers.Select(p => new SearchDocument(
        p.Id,
        p.Title,
        p.Abstract,
        p.Authors.OrderBy(a => a.Position).Select(a => a.Name).ToList(),
        p.Categories,
        p.PublishedAt ?? p.FirstFeaturedAt ?? p.CreatedAt,
        p.GithubRepo != null,
        p.ModifiedAt,
        p.IsHidden));

    public PaperFacets Facets => new(
        DateOnly.FromDateTime(Date ?? DateTime.UnixEpoch).DayNumber,
        HasCode,
        (Categories ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
