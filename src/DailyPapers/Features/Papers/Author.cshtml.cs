using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Papers;

/// <summary>
/// <c>/authors/{name}</c>: the papers listing this author name (newest first, in pages) and the accounts whose claim to
/// the name a curator approved. A name is matched exactly as the papers spell it, as Hugging Face's author pages do.
/// </summary>
[PublicContent]
public sealed class AuthorModel(AppDb db, PapersOnPage onPage) : PageModel
{
    public const int PageSize = 20;

    public sealed record ClaimedProfile(string Id, string UserName, string? FullName);

    public string Name { get; private set; } = "";
    public int Count { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Count + PageSize - 1) / PageSize);
    public IReadOnlyList<PaperView> Papers { get; private set; } = [];
    public IReadOnlyList<ClaimedProfile> Profiles { get; private set; } = [];

    /// <summary>A name in a path segment: every reserved character escaped (a slash, a question mark, a
    /// space).</summary>
    public static string PathOf(string name) => "/authors/" + Uri.EscapeDataString(name);

    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken cancellationToken)
    {
        // Model binding makes a name of only white space null. Kestrel leaves an escaped slash escaped in the path (a
        // slash would split it): names with one ("A. Smith / B. Jones") come back here whole.
        name = name?.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(name) || name.Length > PaperAuthor.MaxNameLength)
            return this.NotFoundWith("There is no author with this name on this instance.");
        if (!ListPages.TryParsePage(Request.Query["page"], out var page)) return
            this.NotFoundWith("There is no such page of papers.");
        var listed = db.PaperAuthors.Where(a => a.Name == name && !a.Hidden)
            .Join(db.Papers.Where(p => !p.IsHidden), a => a.PaperId, p => p.Id, (a, p) => p);
        Count = await listed.Select(p => p.Id).Distinct().CountAsync(cancellationToken);
        if (Count == 0) return this.NotFoundWith($"There is no author named '{name}' on this instance.");
        if (page > PageCount)
            return this.NotFoundWith($"{name} has only {PageCount} page{(PageCount == 1 ? "" : "s")} of papers here.");
        Name = name;
        PageNumber = page;
        // Newest first: by the paper's first version, else by when it was first featured or came in.
        var ids = await listed.Select(p => new { p.Id, At = p.PublishedAt ?? p.FirstFeaturedAt ?? p.CreatedAt })
            .Distinct().OrderByDescending(p => p.At).ThenBy(p => p.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).Select(p => p.Id).ToListAsync(cancellationToken);
        var views = await PaperViews.LoadAsync(db, ids, cancellationToken, includeHidden: false);
        Papers = [.. ids.Where(views.ContainsKey).Select(id => views[id])];
        onPage.Add(ids);
        Profiles = await db.PaperAuthors.Where(a => a.Name == name && !a.Hidden && a.UserId != null)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { u.Id, u.UserName, u.FullName })
            .Distinct().OrderBy(u => u.UserName)
            .Select(u => new ClaimedProfile(u.Id, u.UserName!, u.FullName)).ToListAsync(cancellationToken);
        return Page();
    }

    public string PagePath(int page) => page == 1 ? PathOf(Name) : $"{PathOf(Name)}?page={page}";
}
