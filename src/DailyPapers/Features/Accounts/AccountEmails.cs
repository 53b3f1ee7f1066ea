using System.Net;
using System.Text;
using DailyPapers.Features.Mail;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Accounts;

/// <summary>The account emails (confirmation, password reset, email change), sent through the one <see cref="MailSender"/>.</summary>
public sealed class AccountEmails(UserManager<User> users, MailSender mail, IOptions<InstanceOptions> instance)
{
    public async Task SendConfirmationAsync(User user, string baseUrl, CancellationToken cancellationToken)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = $"{baseUrl}/account/confirm-email?userId={Uri.EscapeDataString(user.Id)}&code={code}";
        await SendAsync(user.Email!, "Confirm your email address",
            $"Welcome, {user.UserName}! Confirm your email address to finish creating your account:", link, "Confirm my email", cancellationToken);
    }

    public async Task SendPasswordResetAsync(User user, string baseUrl, CancellationToken cancellationToken)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = $"{baseUrl}/account/reset-password?userId={Uri.EscapeDataString(user.Id)}&code={code}";
        await SendAsync(user.Email!, "Reset your password",
            "Someone (hopefully you) asked to reset the password of your account. Choose a new one here:", link, "Choose a new password", cancellationToken);
    }

    public async Task SendEmailChangeAsync(User user, string newEmail, string baseUrl, CancellationToken cancellationToken)
    {
        var code = Encode(await users.GenerateChangeEmailTokenAsync(user, newEmail));
        var link = $"{baseUrl}/account/confirm-email-change?userId={Uri.EscapeDataString(user.Id)}&email={Uri.EscapeDataString(newEmail)}&code={code}";
        await SendAsync(newEmail, "Confirm your new email address",
            $"Confirm that {newEmail} is the new email address of {user.UserName}:", link, "Confirm the new address", cancellationToken);
    }

    /// <summary>Sign-up with an address that already has an account: tell its owner, and tell the visitor nothing new.</summary>
    public Task SendAlreadyRegisteredAsync(string email, string baseUrl, CancellationToken cancellationToken) =>
        SendAsync(email, "You already have an account",
            "Someone tried to create an account with this email address, which already has one. If it was you, sign in or reset your password:",
            $"{baseUrl}/account/forgot-password", "Reset my password", cancellationToken);

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        try { return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code)); }
        catch (FormatException) { return null; }
    }

    private Task SendAsync(string to, string subject, string intro, string link, string action, CancellationToken cancellationToken)
    {
        var site = instance.Value.SiteName;
        var html = $"""
            <p>{WebUtility.HtmlEncode(intro)}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(action)}</a></p>
            <p>If you did not ask for this, ignore this email.</p>
            <p>{WebUtility.HtmlEncode(site)}</p>
            """;
        var text = $"{intro}\n\n{link}\n\nIf you did not ask for this, ignore this email.\n\n{site}\n";
        return mail.SendAsync(new OutgoingMail(to, $"{site}: {subject}", html, text), cancellationToken);
    }
}
