using System.Linq.Expressions;
using DailyPapers.Features.Accounts;

namespace DailyPapers.Features.Papers;

/// <summary>What pages, the API and feeds show of a paper: one projection, one query.</summary>
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
    UserView? FirstFeaturedBy)
{
    public bool IsArxiv => PaperIds.IsArxivId(Id);

    public string? ArxivAbsUrl => IsArxiv ? $"https://arxiv.org/abs/{Id}" : null;

    public string? ArxivPdfUrl => IsArxiv ? $"https://arxiv.org/pdf/{Id}" : null;

    public IEnumerable<string> CategoryList => (Categories ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IEnumerable<string> KeywordList => (AiKeywords ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static readonly Expression<Func<Paper, PaperView>> Projection = p => new PaperView(
        p.Id,
        p.Title,
        p.Abstract,
        p.Authors.OrderBy(a => a.Position)
            .Select(a => new AuthorView(a.AuthorId, a.Name, a.Hidden, a.UserId,
                a.User == null ? null : new UserView(a.User.Id, a.User.UserName!, a.User.FullName, a.User.AvatarUrl, a.User.IsPro)))
            .ToList(),
        p.PublishedAt,
        p.UpdatedAt,
        p.Categories,
        p.Version,
        p.GithubRepo,
        p.GithubStars,
        p.ProjectPage,
        p.AiSummary,
        p.AiKeywords,
        p.Upvotes,
        p.NumComments,
        p.FirstFeaturedAt,
        p.FirstFeaturedBy == null ? null
            : new UserView(p.FirstFeaturedBy.Id, p.FirstFeaturedBy.UserName!, p.FirstFeaturedBy.FullName, p.FirstFeaturedBy.AvatarUrl, p.FirstFeaturedBy.IsPro));
}

/// <summary>An author of a paper; <see cref="User"/> is set when an account's authorship claim was approved.</summary>
public sealed record AuthorView(string AuthorId, string Name, bool Hidden, string? UserId, UserView? User = null)
{
    public bool IsVerified => User is not null;
}

public sealed record UserView(string Id, string UserName, string? FullName, string? AvatarUrl, bool IsPro);
