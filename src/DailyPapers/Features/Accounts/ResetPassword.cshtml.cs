using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Accounts;

public sealed class ResetPasswordModel(UserManager<User> users) : AccountPage
{
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public string? Password { get; set; }

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        var token = AccountEmails.Decode(Code);
        if (user is null || token is null)
        {
            ModelState.AddModelError("", "This link is invalid or has expired: ask for a new one.");
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, token, Password ?? "");
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError("",
                    error.Code == "InvalidToken" ? "This link is invalid or has expired: ask for a new one."
                    : error.Description);
            return Page();
        }
        // Whoever reads the mailbox owns the account: a reset also lifts a lockout.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        Done = true;
        return Page();
    }
}
