using DailyPapers.Features.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Collections;

public sealed record SaveButtonView(string PaperId, bool SignedIn, bool Saved, string ReturnUrl);

/// <summary>
/// "Save" (read later) for one paper: a form that toggles it in the user's private Saved collection and comes back;
/// signed-out visitors get a link to sign in. Any page shows it with
/// <c>@await Component.InvokeAsync("SaveButton", new { paperId })</c>.
/// </summary>
public sealed class SaveButtonViewComponent(MySaves saves) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string paperId)
    {
        var userId = CurrentUser.Id(UserClaimsPrincipal);
        var saved = userId is not null && await saves.HasSavedAsync(userId, paperId, HttpContext.RequestAborted);
        var back = HttpContext.Request.Path + HttpContext.Request.QueryString;
        return View("/Features/Collections/_SaveButton.cshtml",
            new SaveButtonView(paperId, userId is not null, saved, back));
    }
}
