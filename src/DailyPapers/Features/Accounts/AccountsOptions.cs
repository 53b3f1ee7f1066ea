using System.ComponentModel.DataAnnotations;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Accounts;

/// <summary>Limits on signing in and up (section <c>Accounts</c>), validated at start-up.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>Sign-in attempts and password-reset requests per window, per client address.</summary>
    [Required]
    public RateLimit SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>Sign-ups per window, per client address.</summary>
    [Required]
    public RateLimit SignUp { get; set; } = new() { PermitLimit = 5, WindowSeconds = 3600 };
}

/// <summary>The rate limit policies of the account pages.</summary>
public static class AccountLimits
{
    public const string SignIn = "sign-in";
    public const string SignUp = "sign-up";
}
