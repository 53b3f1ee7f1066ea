using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Accounts;

/// <summary>Signing out is a form post (with its antiforgery token), so another site cannot sign people out.</summary>
public sealed class SignOutModel(SignInManager<User> signIn) : AccountPage
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/");
    }
}
