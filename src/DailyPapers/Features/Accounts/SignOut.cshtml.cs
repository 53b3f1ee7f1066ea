using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Accounts;

/// <summary>Signing out is a form post (with its antiforgery token), so another site cannot sign people out.</summary>
public sealed class SignOutModel(UserManager<User> users, SignInManager<User> signIn) : AccountPage
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // A new security stamp ends every session of the account, this one and any copy of its cookie (Sessions).
        if (await users.GetUserAsync(User) is { } user) await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return Redirect("/");
    }
}
