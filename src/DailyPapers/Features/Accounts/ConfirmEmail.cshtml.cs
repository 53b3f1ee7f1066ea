using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Accounts;

/// <summary>The link of the confirmation email (<c>/account/confirm-email</c>) and of the email-change email.</summary>
public sealed class ConfirmEmailModel(UserManager<User> users, SignInManager<User> signIn) : AccountPage
{
    public bool Confirmed { get; private set; }

    public string Message { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? userId, string? code, string? email)
    {
        var token = AccountEmails.Decode(code);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        IdentityResult? result = null;
        if (user is not null && token is not null)
            result = email is null ? await users.ConfirmEmailAsync(user, token)
                : await users.ChangeEmailAsync(user, email, token);
        Confirmed = result?.Succeeded == true;
        // A new address gives the account a new security stamp, which ends its sessions: keep the one opening the link.
        if (Confirmed && email is not null && users.GetUserId(User) == user!.Id) await signIn.RefreshSignInAsync(user);
        Message = Confirmed
            ? email is null ? "Your email address is confirmed. You can sign in now."
                : $"Your email address is now {email}."
            : "This confirmation link is invalid or has expired. Sign in to get a new one.";
        if (!Confirmed) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
