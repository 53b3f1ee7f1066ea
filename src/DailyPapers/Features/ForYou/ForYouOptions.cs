using System.ComponentModel.DataAnnotations;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.ForYou;

/// <summary>For you's settings (section <c>ForYou</c>), validated at start-up.</summary>
public sealed class ForYouOptions
{
    public const string Section = "ForYou";

    /// <summary>"Not interested", "seen" and follow writes per window, per signed-in user.</summary>
    [Required]
    public RateLimit Write { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// <summary>
    /// How long after a reader's last act their model is retrained: a burst of upvotes trains once, at its end.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the recent papers (and their embeddings) are reused before they are read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CandidateRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Papers featured or harvested in this many days are candidates when a request names no days.</summary>
    [Range(1, MaxDays)]
    public int DefaultDays { get; set; } = 7;

    public const int MaxDays = 90;
}

/// <summary>The rate limit policy of For you's writes.</summary>
public static class ForYouLimits
{
    public const string Write = "foryou";
}
