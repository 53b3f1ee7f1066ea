using System.Text.Json.Serialization;

namespace DailyPapers.Features.Papers;

/// <summary>
/// The JSON shapes of Hugging Face's papers API, so clients written for it work against an instance. Null members
/// are left out, as HF does with its optional ones; a daily-papers item always carries <c>submittedBy</c>, which
/// HF's schema requires, so it is <c>null</c> for a paper no one submitted.
/// </summary>
public static class HfJson
{
    public sealed record PaperJson(
        string Id,
        IReadOnlyList<AuthorJson> Authors,
        DateTime? PublishedAt,
        DateTime? SubmittedOnDailyAt,
        UserJson? SubmittedOnDailyBy,
        string Title,
        string Summary,
        int Upvotes,
        int NumComments,
        string DiscussionId,
        string? GithubRepo,
        int? GithubStars,
        string? ProjectPage,
        [property: JsonPropertyName("ai_summary")] string? AiSummary,
        [property: JsonPropertyName("ai_keywords")] IReadOnlyList<string>? AiKeywords,
        OrganizationJson? Organization);

    public sealed record OrganizationJson(
        [property: JsonPropertyName("_id")] string Id,
        string Name,
        string Fullname,
        string? Avatar);

    /// <summary>An author; verified authors (an approved claim) carry their <c>user</c> and <c>status</c>
    /// <c>claimed_verified</c>.</summary>
    public sealed record AuthorJson(
        [property: JsonPropertyName("_id")] string Id,
        string Name,
        bool Hidden,
        UserJson? User = null,
        string? Status = null);

    public sealed record UserJson(
        [property: JsonPropertyName("_id")] string Id,
        string Name,
        string Fullname,
        string User,
        string AvatarUrl,
        string Type,
        bool IsPro);

    public sealed record DailyPaperJson(
        PaperJson Paper,
        DateTime PublishedAt,
        string Title,
        string Summary,
        string Thumbnail,
        int NumComments,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] UserJson? SubmittedBy,
        bool IsAuthorParticipating,
        OrganizationJson? Organization);

    public static PaperJson Paper(PaperView p, string baseUrl) => new(
        p.Id,
        [.. p.Authors.Select(a => a.User is { } user
            ? new AuthorJson(a.AuthorId, a.Name, a.Hidden, User(user, baseUrl), "claimed_verified")
            : new AuthorJson(a.AuthorId, a.Name, a.Hidden))],
        p.PublishedAt ?? p.FirstFeaturedAt,
        p.FirstFeaturedAt,
        p.FirstFeaturedBy is { } by ? User(by, baseUrl) : null,
        p.Title,
        p.Abstract,
        p.Upvotes,
        p.NumComments,
        PaperIds.StableObjectId("discussion", p.Id),
        p.GithubRepo,
        p.GithubStars,
        p.ProjectPage,
        p.AiSummary,
        p.AiKeywords is null ? null : [.. p.KeywordList],
        p.Organization is { } organization ? Organization(organization) : null);

    public static DailyPaperJson DailyPaper(FeaturedPaper item, string baseUrl) => new(
        Paper(item.Paper, baseUrl),
        item.FeaturedAt,
        item.Paper.Title,
        item.Paper.Abstract,
        $"{baseUrl}/papers/{item.Paper.Id}/thumbnail",
        item.Paper.NumComments,
        item.SubmittedBy is { } by ? User(by, baseUrl) : null,
        item.Paper.Authors.Any(a => a.UserId is not null && a.UserId == item.SubmittedBy?.Id),
        item.Paper.Organization is { } organization ? Organization(organization) : null);

    public static OrganizationJson Organization(OrganizationView organization) => new(
        PaperIds.StableObjectId("organization", organization.Name),
        organization.Name,
        organization.DisplayName,
        organization.AvatarUrl);

    public static UserJson User(UserView user, string baseUrl) => new(
        user.Id,
        user.UserName,
        user.FullName ?? user.UserName,
        user.UserName,
        user.AvatarUrl ?? $"{baseUrl}/u/{Uri.EscapeDataString(user.UserName)}/avatar.svg",
        "user",
        user.IsPro);
}
