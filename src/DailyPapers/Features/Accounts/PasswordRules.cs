using Microsoft.AspNetCore.Identity;

namespace DailyPapers.Features.Accounts;

/// <summary>The password policy: set once for Identity, and said in these words beside each new-password
/// field.</summary>
public static class PasswordRules
{
    public const int MinimumLength = 10;

    public const string Description = "at least 10 characters, with a capital letter, a small letter and a digit";

    public static void Apply(PasswordOptions options)
    {
        options.RequiredLength = MinimumLength;
        options.RequireNonAlphanumeric = false;
        options.RequireUppercase = true;
        options.RequireLowercase = true;
        options.RequireDigit = true;
    }
}
