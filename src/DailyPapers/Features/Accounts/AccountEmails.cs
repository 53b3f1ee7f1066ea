using System.Net;
using System.Text;
using DailyPapers.Features.Mail;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// The account emails (confirmation, password reset, email change). They leave through the <see cref="BackgroundMail"/>
/// after the answer, so no form waits for SMTP only when an address has an account.
/// </summary>
public sealed class AccountEmails(UserManager<User> users, BackgroundMail mail, IOptions<InstanceOptions> instance)
{
    public async Task QueueConfirmationAsync(User user, string baseUrl)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = $"{baseUrl}/account/confirm-email?userId={Uri.EscapeDataString(user.Id)}&code={code}";
        Queue(user.Email!, "Confirm your email address",
            $"Welcome, {user.UserName}! Confirm your email address to finish creating your account:", link,
            "Confirm my email");
    }

    /// <summary>
    /// Queues a password reset for the account of this address, if it has a confirmed one. The look-up happens after
    /// the answer too: a request costs the same whether or not the address is registered.
    /// </summary>
    public void QueuePasswordReset(string email, string baseUrl) =>
        mail.Enqueue((services, _) => services.GetRequiredService<AccountEmails>().ResetIfRegisteredAsync(email,
            baseUrl));

    private async Task ResetIfRegisteredAsync(string email, string baseUrl)
    {
        if (await users.FindByEmailAsync(email) is not { EmailConfirmed: true } user) return;
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = $"{baseUrl}/account/reset-password?userId={Uri.EscapeDataString(user.Id)}&code={code}";
        Queue(user.Email!, "Reset your password",
            "Someone (hopefully you) asked to reset the password of your account. Choose a new one here:", link,
            "Choose a new password");
    }

    public async Task QueueEmailChangeAsync(User user, string newEmail, string baseUrl)
    {
        var code = Encode(await users.GenerateChangeEmailTokenAsync(user, newEmail));
        var link = $"{baseUrl}/account/confirm-email-change?userId={Uri.EscapeDataString(user.Id)}" +
            $"&email={Uri.EscapeDataString(newEmail)}&code={code}";
        Queue(newEmail, "Confirm your new email address",
            $"Confirm that {newEmail} is the new email address of {user.UserName}:", link, "Confirm the new address");
    }

    /// <summary>Sign-up with an address that already has an account: tell its owner, and tell the visitor nothing
    /// new.</summary>
    public void QueueAlreadyRegistered(string email, string baseUrl) =>
        Queue(email, "You already have an account",
            "Someone tried to create an account with this email address, which already has one. If it was you, sign " +
                "in or reset your password:",
            $"{baseUrl}/account/forgot-password", "Reset my password");

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        try { return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code)); }
        catch (FormatException) { return null; }
    }

    private void Queue(string to, string subject, string intro, string link, string action)
    {
        var site = instance.Value.SiteName;
        var html = $"""
            <p>{WebUtility.HtmlEncode(intro)}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(action)}</a></p>
            <p>If you did not ask for this, ignore this email.</p>
            <p>{WebUtility.HtmlEncode(site)}</p>
            """;
        var text = $"{intro}\n\n{link}\n\nIf you did not ask for this, ignore this email.\n\n{site}\n";
        mail.Enqueue(new OutgoingMail(to, $"{site}: {subject}", html, text));
    }
}
