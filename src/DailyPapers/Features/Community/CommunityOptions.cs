using System.ComponentModel.DataAnnotations;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Community;

/// <summary>The community's rules and limits (section <c>Community</c>), validated at start-up.</summary>
public sealed class CommunityOptions
{
    public const string Section = "Community";

    /// <summary>A submitted paper may be at most this many days old (first arXiv version).</summary>
    [Range(1, 3650)]
    public int MaxPaperAgeDays { get; set; } = 14;

    /// <summary>Submissions one user may make per (UTC) day.</summary>
    [Range(1, 1000)]
    public int MaxSubmissionsPerUserPerDay { get; set; } = 5;

    /// <summary>
    /// How long a submission may wait for arXiv when the paper is unknown here; past it (or offline) the submission is
    /// queued as pending and fetched again in the background.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ArxivFetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Submissions per window, per signed-in user.</summary>
    [Required]
    public RateLimit Submit { get; set; } = new() { PermitLimit = 20, WindowSeconds = 3600 };

    /// <summary>Votes (and withdrawn votes) per window, per signed-in user, else per client address.</summary>
    [Required]
    public RateLimit Vote { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// <summary>Comments written or edited per window, per signed-in user.</summary>
    [Required]
    public RateLimit Comment { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };
}

/// <summary>The rate limit policies of the community's pages and endpoints.</summary>
public static class CommunityLimits
{
    public const string Submit = "submit";
    public const string Vote = "vote";
    public const string Comment = "comment";
}
