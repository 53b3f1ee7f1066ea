using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Digests;

public enum TokenPurpose { Confirm, Manage }

public sealed record TokenCheck(int SubscriptionId, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// Signed links that act for a subscriber without signing in: confirm, manage, unsubscribe. Data Protection
/// encrypts and authenticates the payload; the expiry is inside it (rather than a time-limited protector) so an
/// expired link can be told apart from a forged one, and so tests can move the clock.
/// </summary>
public sealed class DigestTokens(IDataProtectionProvider provider, TimeProvider clock, IOptions<DigestOptions> options)
{
    public const string ExpiredError = "This link has expired.";
    public const string InvalidError =
        "This link is not valid: it may have been cut or changed. Copy the whole link from the email.";

    public string Confirm(int subscriptionId) =>
        Create(subscriptionId, TokenPurpose.Confirm, clock.GetUtcNow().AddHours(options.Value.ConfirmationHours));

    public string Manage(int subscriptionId) =>
        Create(subscriptionId, TokenPurpose.Manage, clock.GetUtcNow().AddDays(options.Value.ManageLinkDays));

    public string Create(int subscriptionId, TokenPurpose purpose, DateTimeOffset expires) =>
        Protector(purpose).Protect(string.Create(CultureInfo.InvariantCulture,
            $"{subscriptionId}:{expires.ToUnixTimeSeconds()}"));

    public TokenCheck Read(string? token, TokenPurpose purpose)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000) return new(0, InvalidError);
        string payload;
        try
        {
            payload = Protector(purpose).Unprotect(token.Trim());
        }
        catch (CryptographicException)
        {
            return new(0, InvalidError);
        }
        var parts = payload.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var expires))
            return new(0, InvalidError);
        return clock.GetUtcNow().ToUnixTimeSeconds() > expires ? new(id, ExpiredError) : new(id, null);
    }

    // A token made for one purpose does not open another: a confirmation link cannot unsubscribe.
    private IDataProtector Protector(TokenPurpose purpose) =>
        provider.CreateProtector("DailyPapers.Digests", purpose.ToString());
}
