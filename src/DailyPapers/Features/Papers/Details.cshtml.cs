using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Papers;

/// <summary>
/// One paper: <c>/papers/2212.07677</c>; other spellings of the id redirect to that canonical URL. The parts other
/// features add (votes, discussion, similar papers) are their view components and partials, shown by name.
/// </summary>
[PublicContent]
public sealed class DetailsModel(PaperQuery papers) : PageModel
{
    public PaperView Paper { get; private set; } = null!;

    public IReadOnlyList<DateOnly> FeaturedDays { get; private set; } = [];

    /// <summary>The absolute URL of this page, for sharing and citing.</summary>
    public string Permalink { get; private set; } = "";

    public bool NewestCommentsFirst { get; private set; }

    /// <summary>Comments counted by the source (Hugging Face), said apart from the discussion shown here.</summary>
    public int ImportedComments { get; private set; }

    public int LocalComments => Math.Max(0, Paper.NumComments - ImportedComments);

    public async Task<IActionResult> OnGetAsync(string? id, string? comments, CancellationToken cancellationToken)
    {
        var curator = CurrentUser.IsCurator(User);
        if (id is null || await papers.FindAsync(id, cancellationToken, includeHidden: curator) is not { } paper)
        {
            ErrorMessage.Set(HttpContext, "No paper with this id is on this instance.");
            return NotFound();
        }
        if (!string.Equals(paper.Id, id, StringComparison.Ordinal)) return RedirectPermanent($"/papers/{paper.Id}");
        Paper = paper;
        FeaturedDays = await papers.FeaturedDaysAsync(paper.Id, cancellationToken);
        ImportedComments = await papers.ImportedCommentsAsync(paper.Id, cancellationToken);
        Permalink = $"{SiteUrls.BaseUrl(HttpContext)}/papers/{paper.Id}";
        NewestCommentsFirst = comments == "newest";
        return Page();
    }
}
