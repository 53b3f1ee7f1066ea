namespace DailyPapers.Features.Search;

/// <summary>What a paper offers to filters: its date (published, else first featured), whether it links code, its arXiv
/// categories.</summary>
public readonly record struct PaperFacets(int Day, bool HasCode, string[] Categories);

/// <summary>The filters of a query (<c>from:</c>, <c>to:</c>, <c>has:code</c>, <c>category:</c>), applied alike to
/// keyword and vector results.</summary>
public sealed record SearchFilter(DateOnly? From, DateOnly? To, bool HasCode, IReadOnlyList<string> Categories)
{
    public static readonly SearchFilter None = new(null, null, false, []);

    public bool IsEmpty => From is null && To is null && !HasCode && Categories.Count == 0;

    public bool Matches(PaperFacets facets) =>
        (From is not { } from || facets.Day >= from.DayNumber)
        && (To is not { } to || facets.Day <= to.DayNumber)
        && (!HasCode || facets.HasCode)
        && (Categories.Count == 0 || Categories.Any(c =>
            facets.Categories.Contains(c, StringComparer.OrdinalIgnoreCase)));
}
