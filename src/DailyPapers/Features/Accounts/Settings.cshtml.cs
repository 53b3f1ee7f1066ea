using System.Text.Json;
using DailyPapers.Data;
using DailyPapers.Features.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Accounts;

/// <summary>The signed-in user's settings: name, email, password, API tokens, and deleting the account.</summary>
[Authorize]
public sealed class SettingsModel(UserManager<User> users, SignInManager<User> signIn, AccountEmails emails,
    AccountDeletion deletion, AppDb db, TimeProvider clock) : AccountPage
{
    public sealed record TokenRow(int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt);

    public User Account { get; private set; } = null!;
    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];
    public string? Status { get; private set; }

    /// <summary>A token just created: shown once, never again.</summary>
    public string? NewToken { get; private set; }

    [BindProperty] public string? FullName { get; set; }
    [BindProperty] public string? NewEmail { get; set; }
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? TokenName { get; set; }
    [BindProperty] public int TokenId { get; set; }
    [BindProperty] public string? ConfirmUserName { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        FullName = Account.FullName;
        return Page();
    }

    /// <summary>Everything the site keeps about the user, as a JSON download.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        var export = await deletion.ExportAsync(Account, cancellationToken);
        var json = JsonSerializer.SerializeToUtf8Bytes(export, ExportJson);
        return File(json, "application/json", $"dailypapers-{Account.UserName}.json");
    }

    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<IActionResult> OnPostProfileAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        var name = FullName?.Trim();
        if (name is { Length: > 200 })
        {
            ModelState.AddModelError(nameof(FullName), "A name can have at most 200 characters.");
            return Page();
        }
        Account.FullName = string.IsNullOrEmpty(name) ? null : name;
        await users.UpdateAsync(Account);
        Status = "Your profile is saved.";
        return Page();
    }

    public async Task<IActionResult> OnPostEmailAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        if (!MailAddresses.TryNormalize(NewEmail, out var email, out var error))
            ModelState.AddModelError(nameof(NewEmail), error);
        else if (!await users.CheckPasswordAsync(Account, CurrentPassword ?? ""))
            ModelState.AddModelError(nameof(NewEmail), "Your current password is not right.");
        if (!ModelState.IsValid) return Page();
        // The address changes only when its link is opened; an address in use gets no link (and the visitor learns
        // nothing).
        if (MailBaseUrl("email change") is not { } baseUrl) return Page();
        if (await users.FindByEmailAsync(email) is null)
            await emails.QueueEmailChangeAsync(Account, email, baseUrl);
        Status = $"We sent a link to {email}: the address changes when you open it.";
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        var result = await users.ChangePasswordAsync(Account, CurrentPassword ?? "", NewPassword ?? "");
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(nameof(NewPassword),
                    error.Code == "PasswordMismatch" ? "Your current password is not right." : error.Description);
            return Page();
        }
        await signIn.RefreshSignInAsync(Account);
        Status = "Your password is changed.";
        return Page();
    }

    public async Task<IActionResult> OnPostCreateTokenAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        var name = TokenName?.Trim() ?? "";
        if (name.Length is 0 or > PersonalAccessToken.MaxNameLength)
        {
            ModelState.AddModelError(nameof(TokenName),
                $"Give the token a name of 1 to {PersonalAccessToken.MaxNameLength} characters.");
            return Page();
        }
        NewToken = await ApiTokens.CreateAsync(db, Account.Id, name, clock.GetUtcNow().UtcDateTime, cancellationToken);
        TokenName = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        var revoked = await db.PersonalAccessTokens.Where(t => t.Id == TokenId
            && t.UserId == Account.Id).ExecuteDeleteAsync(cancellationToken);
        Status = revoked > 0 ? "The token is revoked." : "There is no such token.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        if (!string.Equals(ConfirmUserName, Account.UserName, StringComparison.Ordinal)
            || !await users.CheckPasswordAsync(Account, CurrentPassword ?? ""))
        {
            ModelState.AddModelError(nameof(ConfirmUserName),
                "Type your username and your current password to delete your account.");
            return Page();
        }
        await deletion.DeleteAsync(Account, cancellationToken);
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user) return false;
        Account = user;
        Tokens = await db.PersonalAccessTokens.Where(t => t.UserId == user.Id).OrderBy(t => t.CreatedAt)
            .Select(t => new TokenRow(t.Id, t.Name, t.Prefix, t.CreatedAt,
                t.LastUsedAt)).ToListAsync(cancellationToken);
        return true;
    }
}
