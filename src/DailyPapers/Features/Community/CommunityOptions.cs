using System.ComponentModel.DataAnnotations;

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

    /// <summary>Requests per window, per signed-in user (or per IP address when signed out).</summary>
    [Required]
    public RateLimit SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    [Required]
    public RateLimit SignUp { get; set; } = new() { PermitLimit = 5, WindowSeconds = 3600 };

    [Required]
    public RateLimit Submit { get; set; } = new() { PermitLimit = 20, WindowSeconds = 3600 };

    [Required]
    public RateLimit Vote { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    [Required]
    public RateLimit Comment { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };
}

public sealed class RateLimit
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; }
}
