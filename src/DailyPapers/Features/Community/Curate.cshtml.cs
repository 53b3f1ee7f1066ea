using System.Globalization;
using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Community;

/// <summary><c>/admin/curate</c>: curators feature any paper on any day, hide or show papers, and edit their
/// links.</summary>
[Authorize(Policy = Roles.CuratorPolicy)]
public sealed class CurateModel(AppDb db, PaperEdits edits, TimeProvider clock, PageCache pages) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "paper")] public string? PaperId { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? GithubRepo { get; set; }
    [BindProperty] public string? ProjectPage { get; set; }
    [BindProperty] public bool Hidden { get; set; }

    public string? Title { get; private set; }
    public bool IsHidden { get; private set; }
    public string? Status { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } paper)
        {
            GithubRepo = paper.GithubRepo;
            ProjectPage = paper.ProjectPage;
        }
        Date ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd",
            CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostFeatureAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is null) return Page();
        if (!DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return Fail(nameof(Date), "Enter the day as YYYY-MM-DD.");
        if (await db.DailyEntries.AnyAsync(e => e.Date == day && e.PaperId == PaperId, cancellationToken))
            return Fail(nameof(Date), $"The paper is already featured on {Date}.");
        var entry = new DailyEntry { PaperId = PaperId!, Date = day, FeaturedAt = clock.GetUtcNow().UtcDateTime,
            SubmittedById = CurrentUser.Id(User) };
        db.DailyEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await FirstFeaturing.UpdateAsync(db, [entry], cancellationToken);
        await pages.EvictPapersAsync(entry.PaperId);
        Status = $"Featured on {Date}.";
        return Page();
    }

    public async Task<IActionResult> OnPostHideAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is null) return Page();
        await edits.UpdateAsync(PaperId!, set => set.SetProperty(p => p.IsHidden, Hidden), cancellationToken);
        IsHidden = Hidden;
        Status = Hidden ? "The paper is hidden from lists, feeds and its page." : "The paper is visible again.";
        return Page();
    }

    public async Task<IActionResult> OnPostLinksAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is null) return Page();
        var github = PaperLinks.GithubRepository(GithubRepo);
        var project = PaperLinks.Canonical(ProjectPage);
        if (github is null && !string.IsNullOrWhiteSpace(GithubRepo))
            return Fail(nameof(GithubRepo), PaperLinks.GithubRepoRule);
        if (project is null && !string.IsNullOrWhiteSpace(ProjectPage))
            return Fail(nameof(ProjectPage), PaperLinks.ProjectPageRule);
        await edits.UpdateAsync(PaperId!,
            set => set.SetProperty(x => x.GithubRepo, github).SetProperty(x => x.ProjectPage, project),
            cancellationToken);
        Status = "Links saved.";
        return Page();
    }

    private PageResult Fail(string field, string message)
    {
        ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<Paper?> LoadAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(PaperId)) return null;
        var (id, _) = PaperIds.Normalize(PaperId);
        var paper = await db.Papers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (paper is null)
        {
            ModelState.AddModelError("", $"There is no paper '{PaperId}' on this instance.");
            Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
        PaperId = paper.Id;
        Title = paper.Title;
        IsHidden = paper.IsHidden;
        return paper;
    }
}
