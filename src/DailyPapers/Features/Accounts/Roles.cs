namespace DailyPapers.Features.Accounts;

/// <summary>Roles and the authorization policies built on them.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Curator = "curator";

    /// <summary>Policy: curators and admins (feature papers, hide content, preview digests).</summary>
    public const string CuratorPolicy = "Curator";

    /// <summary>Policy: admins only.</summary>
    public const string AdminPolicy = "Admin";

    public static readonly string[] All = [Admin, Curator];
}
