namespace DailyPapers.Features.Harvest;

/// <summary>Where papers come from, how politely they are fetched, and when the daily harvest runs.</summary>
public sealed class HarvestOptions
{
    public const string Section = "Harvest";

    /// <summary>Sent with every request, so the repository's operators know who is asking and how to reach
    /// them.</summary>
    public string UserAgent { get; set; } = "DailyPapers/1.0 (+https://github.com/dailypapers)";

    /// <summary>An address for the repository's operators, e.g. <c>mailto:admin@papers.example.org</c>; added to the
    /// User-Agent.</summary>
    public string? Contact { get; set; }

    /// <summary>At least this long between two requests (arXiv asks for 3 seconds).</summary>
    public TimeSpan RequestInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>One attempt of a request gives up after this long (and is retried).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after a 5xx, a timeout or a dropped connection; the waits grow exponentially from <see
    /// cref="RetryDelay"/>.</summary>
    public int MaxRetries { get; set; } = 5;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait a <c>Retry-After</c> header may ask for; longer requests wait this long.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Fetches of one page whose body is not a valid response (an HTML error page, cut-off XML) before the
    /// harvest stops.</summary>
    public int PageAttempts { get; set; } = 3;

    /// <summary>arXiv's OAI-PMH endpoint, and the set and metadata format the daily harvest asks for.</summary>
    public string OaiEndpoint { get; set; } = "https://oaipmh.arxiv.org/oai";
    public string Set { get; set; } = "cs";
    public string MetadataPrefix { get; set; } = ArxivMetadata.ArxivPrefix;

    /// <summary>arXiv's query API, for fetching papers by id.</summary>
    public string ArxivApiEndpoint { get; set; } = "https://export.arxiv.org/api/query";

    /// <summary>Where daily lists are mirrored from: Hugging Face, or another DailyPapers instance.</summary>
    public string HfEndpoint { get; set; } = "https://huggingface.co";

    public HarvestScheduleOptions Schedule { get; set; } = new();
    public FeatureTodayOptions FeatureToday { get; set; } = new();

    public string FullUserAgent => Contact is not { Length: > 0 } contact ? UserAgent
        : UserAgent.EndsWith(')') ? $"{UserAgent[..^1]}; {contact})" : $"{UserAgent} ({contact})";
}

/// <summary>The daily harvest job. Off by default: an offline machine (the demo) must not try to reach arXiv.</summary>
public sealed class HarvestScheduleOptions
{
    public bool Enabled { get; set; }

    /// <summary>Quartz cron expression (seconds first): by default 02:00 every day.</summary>
    public string Cron { get; set; } = "0 0 2 * * ?";

    /// <summary>IANA time zone the cron expression is read in.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Also mirror the Hugging Face daily list of the day before.</summary>
    public bool MirrorHf { get; set; }
}

/// <summary>Puts newly announced papers of some categories on today's feed, without a curator.</summary>
public sealed class FeatureTodayOptions
{
    public bool Enabled { get; set; }

    /// <summary>arXiv categories (<c>cs.CL</c>) or archives (<c>cs</c>) whose new papers are featured.</summary>
    public List<string> Categories { get; set; } = [];
}
