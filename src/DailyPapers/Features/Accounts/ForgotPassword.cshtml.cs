using DailyPapers.Features.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Features.Accounts;

[EnableRateLimiting(AccountLimits.SignIn)]
public sealed class ForgotPasswordModel(AccountEmails emails) : AccountPage
{
    /// <summary>The same answer whether or not the address has an account: no account enumeration.</summary>
    public const string SentMessage =
        "If an account uses this address, we have sent it a link to choose a new password.";

    [BindProperty] public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!MailAddresses.TryNormalize(Email, out var email, out var error))
        {
            ModelState.AddModelError(nameof(Email), error);
            return Page();
        }
        // Refused for every address alike, before looking it up, so the refusal does not tell which have accounts.
        if (MailBaseUrl("password reset") is not { } baseUrl) return Page();
        emails.QueuePasswordReset(email, baseUrl);
        Sent = true;
        return Page();
    }
}
