using DailyPapers.Features.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Features.Accounts;

[EnableRateLimiting(AccountLimits.SignUp)]
public sealed class SignUpModel(UserManager<User> users, AccountEmails emails, PasswordWork work, TimeProvider clock)
    : AccountPage
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        UserName = UserName?.Trim();
        if (UserNames.Validate(UserName) is { } nameError) ModelState.AddModelError(nameof(UserName), nameError);
        if (!MailAddresses.TryNormalize(Email, out var email, out var mailError))
            ModelState.AddModelError(nameof(Email), mailError);
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Choose a password.");
        if (!ModelState.IsValid) return Page();

        // Usernames are public (profile URLs), so saying one is taken reveals nothing; email addresses are not.
        if (await users.FindByNameAsync(UserName!) is not null)
        {
            ModelState.AddModelError(nameof(UserName), $"The username '{UserName}' is taken; choose another.");
            return Page();
        }
        var user = new User { UserName = UserName, Email = email, CreatedAt = clock.GetUtcNow().UtcDateTime };
        foreach (var validator in users.PasswordValidators)
            foreach (var error in (await validator.ValidateAsync(users, user, Password!)).Errors)
                ModelState.AddModelError(nameof(Password), error.Description);
        if (!ModelState.IsValid) return Page();
        if (MailBaseUrl("email confirmation") is not { } baseUrl) return Page();

        // An address with an account gets the same answer after the same work (hashing the password, one mail to
        // the address), so neither the page nor its timing tells the visitor that the address is registered.
        if (await users.FindByEmailAsync(email) is not null)
        {
            work.HashAndDiscard(user, Password!);
            emails.QueueAlreadyRegistered(email, baseUrl);
            return RedirectToPage("CheckEmail");
        }

        var result = await users.CreateAsync(user, Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(Password)
                    : "", error.Description);
            return Page();
        }
        await emails.QueueConfirmationAsync(user, baseUrl);
        return RedirectToPage("CheckEmail");
    }
}
