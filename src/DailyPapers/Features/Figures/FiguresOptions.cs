namespace DailyPapers.Features.Figures;

/// <summary>Where papers' PDFs are fetched from, how much of them is accepted, and how figures are taken.</summary>
public sealed class FiguresOptions
{
    public const string Section = "Figures";

    /// <summary>The background job. Off by default: an offline machine (the demo) must not try to reach
    /// arXiv.</summary>
    public bool Enabled { get; set; }

    /// <summary>A paper's PDF; <c>{id}</c> is replaced by its arXiv id.</summary>
    public string PdfEndpoint { get; set; } = "https://arxiv.org/pdf/{id}";

    /// <summary>A larger PDF is not read: the paper is skipped (arXiv's own limit for a submission is 50 MB).</summary>
    public long MaxPdfBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>One PDF's whole download, retries included, gives up after this long (and is tried again
    /// later).</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the job looks for papers without a thumbnail, and how many it takes each time.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// Downloads that failed for a reason that may pass (5xx, timeout, network down) are tried again after
    /// <see cref="RetryDelay"/> times the attempts so far, until <see cref="MaxAttempts"/>; then the paper is skipped.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An embedded image smaller than this (in pixels) is a logo or an icon, not a figure.</summary>
    public int MinFigureWidth { get; set; } = 300;
    public int MinFigureHeight { get; set; } = 150;

    /// <summary>Pages searched for a figure.</summary>
    public int MaxPages { get; set; } = 10;

    /// <summary>
    /// Poppler's <c>pdftoppm</c> (Debian: poppler-utils), a name looked up on PATH or a path: renders page 1 of a
    /// paper without an embedded figure. Empty, or not found: such papers keep the SVG card.
    /// </summary>
    public string Pdftoppm { get; set; } = "pdftoppm";
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
