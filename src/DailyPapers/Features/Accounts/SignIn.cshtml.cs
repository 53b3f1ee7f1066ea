using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Features.Accounts;

[EnableRateLimiting(AccountLimits.SignIn)]
public sealed class SignInModel(
    UserManager<User> users, SignInManager<User> signIn, AccountEmails emails, PasswordWork work) : AccountPage
{
    /// <summary>One message for an unknown account, a wrong password and a locked account: no account
    /// enumeration.</summary>
    public const string FailedMessage =
        "Wrong username, email or password. After 5 failed attempts an account is locked for 15 minutes.";

    public const string UnconfirmedMessage =
        "Your email address is not confirmed yet. We have sent you a new confirmation link: open it, then sign in.";

    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Notice { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var login = Login?.Trim() ?? "";
        if (login.Length == 0 || string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("", "Enter your username or email, and your password.");
            return Page();
        }
        var user = login.Contains('@', StringComparison.Ordinal) ? await users.FindByEmailAsync(login)
            : await users.FindByNameAsync(login);
        // Every way to fail hashes the password once, as a real check does: the time of the answer tells nothing.
        // Imported submitters have no password and cannot sign in; Identity refuses a locked account without hashing.
        if (user is null || user.PasswordHash is null || await users.IsLockedOutAsync(user))
        {
            work.CheckAgainstNothing(Password);
            ModelState.AddModelError("", FailedMessage);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(SafeReturnUrl(ReturnUrl));
        // Identity refuses unconfirmed accounts before checking the password: only say why to someone who knows it.
        if (result.IsNotAllowed && !user.EmailConfirmed && await users.CheckPasswordAsync(user, Password))
        {
            if (MailBaseUrl("email confirmation") is not { } baseUrl) return Page();
            await emails.QueueConfirmationAsync(user, baseUrl);
            Notice = UnconfirmedMessage;
            return Page();
        }
        ModelState.AddModelError("", FailedMessage);
        return Page();
    }
}
