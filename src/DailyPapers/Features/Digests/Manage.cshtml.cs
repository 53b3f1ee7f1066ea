using DailyPapers.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Digests;

/// <summary>Change or end a subscription from the link in any digest, without signing in.</summary>
public sealed class ManageModel(Subscriptions subscriptions, AppDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public SubscriptionRequest Input { get; set; } = new();

    public DigestSubscription? Subscription { get; private set; }
    public string? Error { get; private set; }
    public string? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken)) Input = SubscriptionRequest.From(Subscription!);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!await LoadAsync(cancellationToken)) return Page();
        Input.Email = Subscription!.Email;
        if (!Input.TryValidate(out var errors, checkEmail: false))
        {
            foreach (var (field, error) in errors) ModelState.AddModelError($"{nameof(Input)}.{field}", error);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Input.ApplyTo(Subscription);
        // Saving from a digest's link also resumes a subscription that was unsubscribed (not one disabled by bounces).
        if (Subscription.Status == SubscriptionStatus.Unsubscribed) Subscription.Status = SubscriptionStatus.Active;
        await db.SaveChangesAsync(cancellationToken);
        Saved = "Your settings are saved.";
        return Page();
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Page();
        await subscriptions.UnsubscribeAsync(Token, cancellationToken);
        return RedirectToPage("/Digests/Unsubscribe", new { token = Token, done = true });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        (Subscription, Error) = await subscriptions.FindForManageAsync(Token, cancellationToken);
        if (Error is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Subscription is not null;
    }
}
