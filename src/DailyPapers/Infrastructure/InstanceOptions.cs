namespace DailyPapers.Infrastructure;

/// <summary>Where this instance keeps its files and what it shows on an empty database.</summary>
public sealed class InstanceOptions
{
    public const string Section = "Instance";

    /// <summary>Data directory (SQLite file, indexes, mail pickup). <c>--data-dir</c> or
    /// <c>DAILYPAPERS_DATA_DIR</c>.</summary>
    public string DataDirectory { get; set; } = Path.GetFullPath("data");

    /// <summary>Load the built-in demo corpus when the database has no papers.</summary>
    public bool LoadDemo { get; set; } = true;

    /// <summary>Public base URL used in feeds and links, e.g. <c>https://papers.example.org</c>; the request's host
    /// when empty.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Reverse proxies in front of the site (addresses such as <c>127.0.0.1</c> or networks such as <c>10.0.0.0/8</c>)
    /// whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: rate limits then count the visitor's
    /// address instead of the proxy's. Empty: the headers are ignored (anyone could send them).
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// How long a signed-out visitor's page stays in a node's output cache. Writes through the site evict it on every
    /// node at once; this bounds how long a change nobody announced (a CLI import into SQLite while the site runs,
    /// a node that lost its database connection for a moment) stays unseen.
    /// </summary>
    public int PageCacheSeconds { get; set; } = 60;

    /// <summary>Name shown in the header and in feeds.</summary>
    public string SiteName { get; set; } = "DailyPapers";
}
