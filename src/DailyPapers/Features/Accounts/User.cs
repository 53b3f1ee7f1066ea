using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// An account. Imported submitters (from an HF daily listing) are users without a password: they own their
/// submissions and can be claimed later, but cannot sign in.
/// </summary>
public sealed class User : IdentityUser
{
    public const int MaxUrlLength = 2_000;

    public string? FullName { get; set; }
    public string? AvatarUrl { get; set; }
    public bool IsPro { get; set; }

    /// <summary>Where the account came from: <c>local</c>, or <c>hf</c> for an imported submitter.</summary>
    public string Source { get; set; } = "local";
    public DateTime CreatedAt { get; set; }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.FullName).HasMaxLength(200);
        user.Property(u => u.AvatarUrl).HasMaxLength(User.MaxUrlLength);
        user.Property(u => u.Source).HasMaxLength(20);
    }
}
