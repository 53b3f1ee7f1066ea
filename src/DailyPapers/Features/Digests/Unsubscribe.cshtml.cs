using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Digests;

/// <summary>
/// The visible unsubscribe link of a digest. Opening it only shows a button: link scanners that fetch every URL
/// in a mail must not unsubscribe anyone. The button posts (with antiforgery); mail clients use the one-click POST.
/// </summary>
public sealed class UnsubscribeModel(Subscriptions subscriptions, DigestTokens tokens) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool Done { get; private set; }
    public string? Error { get; private set; }

    public void OnGet(bool done)
    {
        Done = done;
        var check = tokens.Read(Token, TokenPurpose.Manage);
        if (check.Error is { } error && error != DigestTokens.ExpiredError)
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Error = await subscriptions.UnsubscribeAsync(Token, cancellationToken);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Done = true;
        return Page();
    }
}
