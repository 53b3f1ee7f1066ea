using System.Security.Claims;

namespace DailyPapers.Features.Accounts;

public static class CurrentUser
{
    /// <summary>The signed-in user's id (cookie or API token), or null when anonymous.</summary>
    public static string? Id(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public static bool IsCurator(ClaimsPrincipal? principal) =>
        principal is not null && (principal.IsInRole(Roles.Curator) || principal.IsInRole(Roles.Admin));
}
