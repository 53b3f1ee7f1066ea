namespace DailyPapers.Features.Papers;

/// <summary>What pages, the API and feeds show of a paper; loaded by <see cref="PaperViews"/>.</summary>
public sealed record PaperView(
    string Id,
    string Title,
    string Abstract,
    IReadOnlyList<AuthorView> Authors,
    DateTime? PublishedAt,
    DateTime? UpdatedAt,
    string? Categories,
    int? Version,
    string? GithubRepo,
    int? GithubStars,
    string? ProjectPage,
    string? AiSummary,
    string? AiKeywords,
    int Upvotes,
    int NumComments,
    DateTime? FirstFeaturedAt,
    UserView? FirstFeaturedBy,
    OrganizationView? Organization = null)
{
    public bool IsArxiv => PaperIds.IsArxivId(Id);

    public string? ArxivAbsUrl => IsArxiv ? $"https://arxiv.org/abs/{Id}" : null;

    public string? ArxivPdfUrl => IsArxiv ? $"https://arxiv.org/pdf/{Id}" : null;

    public IEnumerable<string> CategoryList => (Categories ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IEnumerable<string> KeywordList => (AiKeywords ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A paper on the daily list of a day (the items of <c>/api/daily_papers</c>), and who put it there.</summary>
public sealed record FeaturedPaper(PaperView Paper, DateOnly Date, DateTime FeaturedAt, UserView? SubmittedBy);

/// <summary>An author of a paper; <see cref="User"/> is set when an account's authorship claim was approved.</summary>
public sealed record AuthorView(string AuthorId, string Name, bool Hidden, string? UserId, UserView? User = null)
{
    public bool IsVerified => User is not null;
}

/// <summary>The organization a source published a paper under: a handle, a display name and a picture.</summary>
public sealed record OrganizationView(string Name, string? FullName, string? AvatarUrl)
{
    public string DisplayName => FullName ?? Name;
}

public sealed record UserView(string Id, string UserName, string? FullName, string? AvatarUrl, bool IsPro);
