namespace DailyPapers.Features.Papers;

/// <summary>
/// One paper as a source describes it. Null means "the source does not say", so an import never erases what
/// another source filled in (a listing has no authors; arXiv has no upvotes).
/// </summary>
public sealed record PaperRecord
{
    /// <summary>arXiv id, or null to use the paper already known by this title, else a slug of the title.</summary>
    public string? Id { get; init; }
    public required string Title { get; init; }
    public required string Abstract { get; init; }
    public IReadOnlyList<string>? Authors { get; init; }
    public DateTime? PublishedAt { get; init; }
    public DateTime? UpdatedAt { get; init; }
    public string? Categories { get; init; }
    public int? Version { get; init; }
    public string? GithubRepo { get; init; }
    public int? GithubStars { get; init; }
    public string? ProjectPage { get; init; }
    public IReadOnlyList<string>? ExtraLinks { get; init; }
    public string? Comments { get; init; }
    public string? JournalRef { get; init; }
    public string? Doi { get; init; }
    public string? License { get; init; }
    public string? AiSummary { get; init; }
    public IReadOnlyList<string>? AiKeywords { get; init; }
    public int? Upvotes { get; init; }
    public int? NumComments { get; init; }
    public FeaturedOn? Featured { get; init; }
    public OrganizationView? Organization { get; init; }

    /// <summary>Where the record came from, for error messages (<c>line 12</c>, <c>item 3</c>).</summary>
    public required string Origin { get; init; }
}

/// <summary>The daily list a paper was featured on, and who put it there.</summary>
public sealed record FeaturedOn(DateOnly Date, DateTime At, Submitter? SubmittedBy);

public sealed record Submitter(string UserName, string? FullName, string? AvatarUrl, bool IsPro);

public sealed record ImportSummary(int Added, int Updated, int Unchanged)
{
    public override string ToString() => $"added {Added}, updated {Updated}, unchanged {Unchanged}";
}

/// <summary>A file that breaks its format. The message names the line or item; nothing from the file is
/// imported.</summary>
public sealed class ImportFormatException(string message) : Exception(message);
