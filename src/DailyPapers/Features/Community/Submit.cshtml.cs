using DailyPapers.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Community;

/// <summary><c>/papers/submit</c>: put a paper on today's list. A refused submission comes back with every field
/// kept.</summary>
[Authorize]
[EnableRateLimiting(CommunityLimits.Submit)]
public sealed class SubmitModel(Submissions submissions) : PageModel
{
    [BindProperty] public string? Paper { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? GithubRepo { get; set; }
    [BindProperty] public string? ProjectPage { get; set; }

    public string? PendingId { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await submissions.SubmitAsync(CurrentUser.Id(User)!,
            new SubmissionRequest(Paper, Comment, GithubRepo, ProjectPage), cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(result.Field ?? "", result.Error!);
            Response.StatusCode = result.Status;
            return Page();
        }
        if (!result.Pending) return Redirect($"/papers/{result.PaperId}");
        PendingId = result.PaperId;
        Paper = Comment = GithubRepo = ProjectPage = null;
        ModelState.Clear();
        return Page();
    }
}
