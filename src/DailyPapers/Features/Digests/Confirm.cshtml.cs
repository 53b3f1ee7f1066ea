using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Digests;

/// <summary>The link in the confirmation mail: activates the subscription (double opt-in).</summary>
public sealed class ConfirmModel(Subscriptions subscriptions) : PageModel
{
    public string? Error { get; private set; }

    public async Task OnGetAsync(string? token, CancellationToken cancellationToken)
    {
        Error = await subscriptions.ConfirmAsync(token, cancellationToken);
        if (Error is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
