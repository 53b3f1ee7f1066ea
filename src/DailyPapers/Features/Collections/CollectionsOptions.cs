using System.ComponentModel.DataAnnotations;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Collections;

/// <summary>Limits of collections (section <c>Collections</c>), validated at start-up.</summary>
public sealed class CollectionsOptions
{
    public const string Section = "Collections";

    /// <summary>Collection writes (create, edit, add, remove, save) per window, per signed-in user.</summary>
    [Required]
    public RateLimit Write { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// <summary>Collections one user may have, the Saved one included.</summary>
    [Range(1, 100_000)]
    public int MaxCollectionsPerUser { get; set; } = 1_000;

    /// <summary>Papers one collection may hold.</summary>
    [Range(1, 100_000)]
    public int MaxItemsPerCollection { get; set; } = 1_000;
}

/// <summary>The rate limit policy of every collection write, in the API and on the pages.</summary>
public static class CollectionLimits
{
    public const string Write = "collections";
}
