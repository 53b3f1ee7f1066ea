using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Search;

/// <summary>A user's saved searches: kept, listed, deleted, exported, and run again for the digest.</summary>
public sealed class SavedSearches(AppDb db, HybridSearch search, TimeProvider clock) : IPersonalData
{
    /// <summary>Matches of one saved search a digest looks at: the best ones, new or not.</summary>
    private const int MatchesPerSearch = 100;

    public string Section => "savedSearches";

    private DbSet<SavedSearch> Searches => db.Set<SavedSearch>();

    public Task<List<SavedSearch>> OfUserAsync(string userId, CancellationToken cancellationToken) =>
        Searches.AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);

    /// <summary>Saves the search (again is a no-op); null when done, else what is wrong.</summary>
    public async Task<string?> SaveAsync(string userId, string text, CancellationToken cancellationToken)
    {
        if (text.Length > SavedSearch.MaxQueryLength)
            return $"A saved search has at most {SavedSearch.MaxQueryLength} characters with its filters.";
        try
        {
            SearchQuery.Parse(text);
        }
        catch (SearchQueryException e)
        {
            return e.Message;
        }
        if (await Searches.AnyAsync(s => s.UserId == userId && s.Query == text, cancellationToken)) return null;
        if (await Searches.CountAsync(s => s.UserId == userId, cancellationToken) >= SavedSearch.MaxPerUser)
            return $"You can keep at most {SavedSearch.MaxPerUser} saved searches: delete one in your settings.";
        Searches.Add(new SavedSearch { UserId = userId, Query = text, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // the same search saved by a concurrent post: it is there
        }
        return null;
    }

    public Task<int> DeleteAsync(string userId, int id, CancellationToken cancellationToken) =>
        Searches.Where(s => s.UserId == userId && s.Id == id).ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// The papers among <paramref name="candidates"/> that one of the user's saved searches finds, with the search
    /// that found each, in the order of the searches and their ranking.
    /// </summary>
    public async Task<List<(string PaperId, string Query)>> MatchesAsync(string userId,
        IReadOnlySet<string> candidates, CancellationToken cancellationToken)
    {
        var matches = new List<(string, string)>();
        foreach (var saved in await OfUserAsync(userId, cancellationToken))
        {
            SearchQuery query;
            try
            {
                query = SearchQuery.Parse(saved.Query);
            }
            catch (SearchQueryException)
            {
                continue; // saved under older rules that no longer accept it
            }
            var results = await search.SearchAsync(query, SearchMode.Keyword, 0, MatchesPerSearch, cancellationToken);
            matches.AddRange(results.Hits.Where(h => candidates.Contains(h.Paper.Id)).Select(h =>
                (h.Paper.Id, saved.Query)));
        }
        return matches;
    }

    public async Task<object> ExportAsync(string userId, CancellationToken cancellationToken) =>
        (await OfUserAsync(userId, cancellationToken)).Select(s => new { query = s.Query, createdAt = s.CreatedAt });

    public Task DeleteAsync(string userId, CancellationToken cancellationToken) =>
        Searches.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>The user's saved searches with a delete button each:
/// <c>Component.InvokeAsync("SavedSearchList")</c>.</summary>
public sealed class SavedSearchListViewComponent(SavedSearches searches) : Microsoft.AspNetCore.Mvc.ViewComponent
{
    public async Task<Microsoft.AspNetCore.Mvc.IViewComponentResult> InvokeAsync()
    {
        if (CurrentUser.Id(UserClaimsPrincipal) is not { } userId) return Content("");
        return View("/Features/Search/_SavedSearchList.cshtml",
            await searches.OfUserAsync(userId, HttpContext.RequestAborted));
    }
}
