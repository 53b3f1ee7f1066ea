using System.Security.Cryptography;
using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Figures;

/// <summary>
/// Makes the thumbnails of papers that have none, newest featured first, in the background: each arXiv paper's PDF
/// is fetched once, and the outcome (the image, or why there is none) is stored, so a bad or huge PDF is never
/// fetched again. On several nodes a paper is claimed first (a lease on its row), so one node fetches it.
/// </summary>
public sealed class FigureWorker(IServiceScopeFactory scopes, PdfDownload download, FigureExtractor extractor,
    PageRenderer renderer, TimeProvider clock, IOptions<FiguresOptions> options, ILogger<FigureWorker> logger)
    : BackgroundService
{
    private readonly string node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private TimeSpan Lease => options.Value.DownloadTimeout + options.Value.RenderTimeout + TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Figures:Enabled is false: papers keep the SVG card as their thumbnail");
            return;
        }
        if (renderer.Tool is null)
            logger.LogInformation("pdftoppm ({Tool}) not found: papers without an embedded figure keep the SVG card",
                options.Value.Pdftoppm);
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) >= options.Value.BatchSize) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Making thumbnails failed; trying again in {Interval}",
                    options.Value.PollInterval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Takes up to <see cref="FiguresOptions.BatchSize"/> papers due; returns how many this node
    /// took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var taken = 0;
        foreach (var id in await DueAsync(cancellationToken))
            if (await MakeAsync(id, cancellationToken)) taken++;
        return taken;
    }

    private async Task<List<string>> DueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Papers.Where(p => !p.IsHidden)
            .Where(p => !db.PaperFigures.Any(f => f.PaperId == p.Id) || db.PaperFigures.Any(f => f.PaperId == p.Id
                && f.State == FigureState.Pending && (f.RetryAt == null || f.RetryAt <= now)
                && (f.ClaimedUntil == null || f.ClaimedUntil <= now)))
            .OrderBy(p => p.FirstFeaturedAt == null).ThenByDescending(p => p.FirstFeaturedAt)
            .ThenBy(p => p.PublishedAt == null).ThenByDescending(p => p.PublishedAt).ThenBy(p => p.Id)
            .Select(p => p.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
    }

    /// <summary>Claims one paper and records what became of it; false when another node has it.</summary>
    private async Task<bool> MakeAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (!PaperIds.IsArxivId(id))
        {
            await AddRowAsync(db, id, FigureState.Skipped, "not an arXiv paper", cancellationToken);
            return true;
        }
        await AddRowAsync(db, id, FigureState.Pending, null, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Lease;
        var claimed = await db.PaperFigures.Where(f => f.PaperId == id && f.State == FigureState.Pending
                && (f.RetryAt == null || f.RetryAt <= now) && (f.ClaimedUntil == null || f.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.ClaimedBy, node).SetProperty(f => f.ClaimedUntil, until)
                .SetProperty(f => f.Attempts, f => f.Attempts + 1), cancellationToken);
        if (claimed == 0) return false;
        db.ChangeTracker.Clear(); // the row as the claim left it (attempts counted), not as it was added

        FigureOutcome outcome;
        try
        {
            outcome = await ThumbnailAsync(id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failure of ours (a decoder, the tool) counts as an attempt too, so it is not tried for ever.
            outcome = new(null, null, $"{e.GetType().Name}: {e.Message}", true);
        }
        var figure = await db.PaperFigures.SingleOrDefaultAsync(f => f.PaperId == id, cancellationToken);
        if (figure is null) return true; // the paper was deleted meanwhile
        Record(figure, outcome);
        await db.SaveChangesAsync(cancellationToken);
        Log(id, figure);
        return true;
    }

    /// <summary>The paper's row, unless it has one (another node may add it at the same moment).</summary>
    private async Task AddRowAsync(AppDb db, string id, FigureState state, string? reason,
        CancellationToken cancellationToken)
    {
        if (await db.PaperFigures.AnyAsync(f => f.PaperId == id, cancellationToken)) return;
        db.PaperFigures.Add(new PaperFigure
            { PaperId = id, State = state, Reason = reason, UpdatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // added by another node, or the paper is gone: the claim below decides
        }
    }

    private void Record(PaperFigure figure, FigureOutcome outcome)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        figure.ClaimedBy = null;
        figure.ClaimedUntil = null;
        figure.UpdatedAt = now;
        figure.RetryAt = null;
        if (outcome.Image is { } image)
        {
            figure.State = FigureState.Done;
            figure.Reason = null;
            figure.Source = outcome.Source;
            figure.Image = image;
            figure.ContentType = ThumbnailImage.ContentType;
            figure.ImageHash = Convert.ToHexStringLower(SHA256.HashData(image))[..32];
        }
        else if (outcome.MayPass && figure.Attempts < options.Value.MaxAttempts)
        {
            figure.Reason = Shorten(outcome.Failure!);
            figure.RetryAt = now + options.Value.RetryDelay * figure.Attempts;
        }
        else
        {
            figure.State = FigureState.Skipped;
            figure.Reason = Shorten(outcome.MayPass
                ? $"gave up after {figure.Attempts} attempts: {outcome.Failure}" : outcome.Failure!);
        }
    }

    private void Log(string id, PaperFigure figure)
    {
        switch (figure.State)
        {
            case FigureState.Done:
                logger.LogInformation("Thumbnail of {Id} taken from its {Source}", id, figure.Source);
                break;
            case FigureState.Pending:
                logger.LogWarning("No thumbnail for {Id} yet: {Reason}; trying again at {RetryAt:u}", id,
                    figure.Reason, figure.RetryAt);
                break;
            default:
                logger.LogWarning("No thumbnail for {Id}, never trying again: {Reason}", id, figure.Reason);
                break;
        }
    }

    private async Task<FigureOutcome> ThumbnailAsync(string id, CancellationToken cancellationToken)
    {
        var fetch = await download.GetAsync(id, cancellationToken);
        if (fetch.Pdf is not { } pdf) return new(null, null, fetch.Failure, fetch.MayPass);
        if (pdf.AsSpan(0, Math.Min(pdf.Length, 1024)).IndexOf("%PDF-"u8) < 0)
            return new(null, null, $"{download.UrlOf(id)} did not answer with a PDF", false);
        string unreadable;
        try
        {
            var found = extractor.FirstFigure(pdf);
            if (found is var (figure, page))
                using (figure) return new(ThumbnailImage.Fit(figure), $"figure on page {page}", null, false);
            unreadable = $"no embedded figure of {options.Value.MinFigureWidth}×{options.Value.MinFigureHeight} "
                + $"pixels or more in the first {options.Value.MaxPages} pages";
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            unreadable = $"PdfPig cannot read the PDF ({e.Message})";
        }
        var (rendered, failure) = await renderer.RenderFirstPageAsync(pdf, cancellationToken);
        if (rendered is null) return new(null, null, $"{unreadable}; page 1 not drawn: {failure}", false);
        using (rendered) return new(ThumbnailImage.Top(rendered), "page 1", null, false);
    }

    private static string Shorten(string reason) =>
        reason.Length <= PaperFigure.MaxReasonLength ? reason : reason[..(PaperFigure.MaxReasonLength - 1)] + "…";

    private sealed record FigureOutcome(byte[]? Image, string? Source, string? Failure, bool MayPass);
}
