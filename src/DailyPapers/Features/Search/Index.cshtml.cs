using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Features.Search;

/// <summary><c>/search?q=…</c>: results with highlighted excerpts, filters, pages; a pasted id or link opens its
/// paper.</summary>
[EnableRateLimiting(SearchLimits.SavedSearches)]
public sealed class IndexModel(HybridSearch search, SavedSearches saved, PapersOnPage onPage) : PageModel
{
    public const int PageSize = 20;
    private const int MaxPage = 50;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public bool Code { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public SearchQuery? Query { get; private set; }
    public SearchResults? Results { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Q)) return Page();
        if (PageNumber is < 1 or > MaxPage) PageNumber = 1;
        try
        {
            // The form's filter fields are the same filters as typed syntax: they are appended to the query.
            Query = SearchQuery.Parse(Text);
        }
        catch (SearchQueryException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Results = await search.SearchAsync(Query, SearchMode.Hybrid, (PageNumber - 1) * PageSize, PageSize,
            cancellationToken);
        if (Results.PastedId is { } id) return Redirect($"/papers/{id}");
        onPage.Add(Results.Hits.Select(h => h.Paper.Id));
        return Page();
    }

    /// <summary>"Save this search": the query with its filters, for the digest and the settings list.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (CurrentUser.Id(User) is not { } userId) return Challenge();
        if (string.IsNullOrWhiteSpace(Q)) return Refused("Type a search to save.");
        return await saved.SaveAsync(userId, Text, cancellationToken) is { } error
            ? Refused(error)
            : Redirect(PagePath(1) + "&saved=true");
    }

    public async Task<IActionResult> OnPostDeleteSavedAsync(int id, CancellationToken cancellationToken)
    {
        if (CurrentUser.Id(User) is not { } userId) return Challenge();
        await saved.DeleteAsync(userId, id, cancellationToken);
        return Redirect("/account/settings#saved-searches");
    }

    /// <summary>The form's filter fields are the same filters as typed syntax: they are appended to the
    /// query.</summary>
    public string Text => string.Join(' ', new[] { Q?.Trim(), Filter("from", From), Filter("to", To),
        Filter("category", Category), Code ? "has:code" : null }.Where(part => !string.IsNullOrEmpty(part)));

    private StatusCodeResult Refused(string message)
    {
        ErrorMessage.Set(HttpContext, message);
        return StatusCode(StatusCodes.Status400BadRequest);
    }

    public string PagePath(int page) =>
        $"/search?q={Uri.EscapeDataString(Q ?? "")}{Param("from", From)}{Param("to", To)}" +
        $"{Param("category", Category)}{(Code ? "&code=true" : "")}&page={page}";

    /// <summary>"12 papers found", or "100+ papers found" when a ranking stopped at its candidates.</summary>
    public static string CountText(SearchResults results) => results.TotalIsExact
        ? $"{results.Total} {(results.Total == 1 ? "paper" : "papers")} found"
        : $"{results.Total}+ papers found";

    private static string? Filter(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : $"{name}:{value.Trim()}";

    private static string Param(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Uri.EscapeDataString(value.Trim())}";
}
