using Microsoft.AspNetCore.Identity;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// An account. Imported submitters (from an HF daily listing) are users without a password: they own their
/// submissions and can be claimed later, but cannot sign in.
/// </summary>
public sealed class User : IdentityUser
{
    public string? FullName { get; set; }
    public string? AvatarUrl { get; set; }
    public bool IsPro { get; set; }

    /// <summary>Where the account came from: <c>local</c>, or <c>hf</c> for an imported submitter.</summary>
    public string Source { get; set; } = "local";
    public DateTime CreatedAt { get; set; }
}
