using System.Globalization;
using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Harvest;

/// <param name="From">First datestamp (inclusive); null continues from where the last complete harvest ended.</param>
public sealed record HarvestRequest(string Endpoint, string Set, string MetadataPrefix, DateOnly? From,
    DateOnly? Until);

/// <summary>Totals of the run so far; reported once at the start (the saved position) and after each committed
/// page.</summary>
public sealed record HarvestProgress(int Pages, int Records, int Skipped, int Deleted, int? CompleteListSize)
{
    public int Seen => Records + Skipped + Deleted;
}

public sealed record HarvestResult(HarvestProgress Totals, ImportSummary Papers, bool Resumed, bool NoRecordsMatch);

/// <summary>
/// Harvests <c>ListRecords</c> from an OAI-PMH repository to the end of the list. Each page's papers and the
/// position after it commit in one transaction, so a killed harvest, run again with the same range, resumes at the
/// first uncommitted page: no record is skipped, and none is imported twice.
/// </summary>
public sealed class OaiHarvester(AppDb db, PaperImporter importer, HarvestHttp http, TimeProvider clock,
    ILogger<OaiHarvester> logger)
{
    public async Task<HarvestResult> HarvestAsync(HarvestRequest request, IProgress<HarvestProgress>? progress,
        CancellationToken cancellationToken)
    {
        var state = await StartAsync(request, cancellationToken);
        var resumed = state.ResumptionToken is not null;
        progress?.Report(Totals(state));
        var papers = new ImportSummary(0, 0, 0);
        while (true)
        {
            var token = state.ResumptionToken;
            var url = token is null ? FirstPageUrl(request.Endpoint, state) : NextPageUrl(request.Endpoint, token);
            var what =
                $"page {state.Pages + 1} of {request.Endpoint} " +
                    $"({(token is null ? "first request" : $"resumptionToken '{token}'")})";
            var page = await http.GetAsync(url, what, OaiParser.Parse, cancellationToken);

            if (page.Error is { Code: OaiError.NoRecordsMatch })
            {
                logger.LogInformation("{What}: no records match ({From} to {Until})", what, state.From, state.Until);
                state = await SavePositionAsync(state.Id, page, cancellationToken);
                return new HarvestResult(Totals(state), papers, resumed, NoRecordsMatch: true);
            }
            if (page.Error is { Code: OaiError.BadResumptionToken } bad && token is not null) throw await
                ForgetTokenAsync(state, what, bad, cancellationToken);
            if (page.Error is { } error) throw new
                HarvestException($"{what}: the repository answered with the OAI-PMH error {error}");

            foreach (var skipped in page.Skipped) logger.LogWarning("{What}: skipped {Record}", what, skipped);
            var imported = await importer.ImportAsync(page.Records, null,
                async ct => state = await SavePositionAsync(state.Id, page, ct), cancellationToken);
            papers = new ImportSummary(papers.Added + imported.Added, papers.Updated + imported.Updated,
                papers.Unchanged + imported.Unchanged);
            progress?.Report(Totals(state));
            if (page.Next is null) return new HarvestResult(Totals(state), papers, resumed, NoRecordsMatch: false);
        }
    }

    /// <summary>The saved state of this (endpoint, set, format): resumed when it stopped inside the same range, else
    /// started afresh.</summary>
    private async Task<HarvestState> StartAsync(HarvestRequest request, CancellationToken cancellationToken)
    {
        var state = await db.HarvestStates.SingleOrDefaultAsync(s =>
            s.Endpoint == request.Endpoint && s.Set == request.Set && s.MetadataPrefix == request.MetadataPrefix,
                cancellationToken);
        if (state is null)
        {
            state = new HarvestState { Endpoint = request.Endpoint, Set = request.Set,
                MetadataPrefix = request.MetadataPrefix };
            db.HarvestStates.Add(state);
        }
        var from = request.From ?? state.HarvestedThrough
            ?? throw new
                HarvestException($"{request.Endpoint} (set '{request.Set}') has never been harvested: pass --from " +
                    $"YYYY-MM-DD");

        if (state.ResumptionToken is not null && state.From == from && state.Until == request.Until)
        {
            logger.LogInformation("Resuming the harvest of {Endpoint} after page {Pages} ({Records} records so far)",
                request.Endpoint, state.Pages, state.Records);
            return state;
        }
        if (state.ResumptionToken is not null)
            logger.LogWarning("Abandoning the unfinished harvest of {From} to {Until}: this one asks for {NewFrom} " +
                "to {NewUntil}", state.From, state.Until, from, request.Until);
        (state.From, state.Until, state.ResumptionToken, state.Cursor, state.CompleteListSize) =
            (from, request.Until, null, null, null);
        (state.Pages, state.Records, state.Skipped, state.Deleted) = (0, 0, 0, 0);
        state.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return state;
    }

    /// <summary>Runs inside the page's transaction: the position after the page commits with its papers.</summary>
    private async Task<HarvestState> SavePositionAsync(int stateId, OaiPage page, CancellationToken cancellationToken)
    {
        var state = await db.HarvestStates.SingleAsync(s => s.Id == stateId, cancellationToken);
        state.Pages++;
        state.Records += page.Records.Count;
        state.Skipped += page.Skipped.Count;
        state.Deleted += page.Deleted.Count;
        state.ResumptionToken = page.Next?.Value;
        state.Cursor = page.Next?.Cursor;
        state.CompleteListSize = page.Next?.CompleteListSize ?? state.CompleteListSize;
        var now = clock.GetUtcNow().UtcDateTime;
        // The next harvest starts on the last day this one covered: OAI dates are inclusive and upserts idempotent.
        if (page.Next is null) state.HarvestedThrough = state.Until ?? DateOnly.FromDateTime(page.ResponseDate ?? now);
        state.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return state;
    }

    private async Task<HarvestException> ForgetTokenAsync(HarvestState state, string what, OaiError error,
        CancellationToken cancellationToken)
    {
        var saved = await db.HarvestStates.SingleAsync(s => s.Id == state.Id, cancellationToken);
        saved.ResumptionToken = null;
        saved.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return new
            HarvestException($"{what}: the repository answered badResumptionToken ({error.Message}). The saved " +
                $"position was cleared: " +
            $"run the harvest again to start over from {state.From:yyyy-MM-dd}; papers already imported are updated, " +
                $"not duplicated.");
    }

    private static HarvestProgress Totals(HarvestState state) =>
        new(state.Pages, state.Records, state.Skipped, state.Deleted, state.CompleteListSize);

    private static Uri FirstPageUrl(string endpoint, HarvestState state)
    {
        var query = $"verb=ListRecords&metadataPrefix={Uri.EscapeDataString(state.MetadataPrefix)}";
        if (state.Set.Length > 0) query += $"&set={Uri.EscapeDataString(state.Set)}";
        if (state.From is { } from) query += $"&from={from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        if (state.Until is { } until) query += $"&until={until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return WithQuery(endpoint, query);
    }

    // A resumption token is an exclusive argument: the repository remembers the rest of the request.
    private static Uri NextPageUrl(string endpoint, string token) =>
        WithQuery(endpoint, $"verb=ListRecords&resumptionToken={Uri.EscapeDataString(token)}");

    private static Uri WithQuery(string endpoint, string query) =>
        new($"{endpoint}{(endpoint.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{query}");
}
