using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Search;

/// <summary>
/// Keeps the search indexes derived from the database: at start-up it catches up with what changed since the
/// index's last commit (everything, for a new index), loads the stored vectors and queues papers without one;
/// then it indexes the papers <see cref="PaperChanges"/> reports, and every <see cref="SearchOptions.CatchUpInterval"/>
/// looks for changes made by another process. Papers curators hid are kept out of both indexes (and come back when
/// shown again), so no search, filter or similar-papers list finds them or gives them a place.
/// </summary>
public sealed class SearchIndexer(IServiceScopeFactory scopes, KeywordIndex keywords, VectorStore vectors, EmbeddingWorker embeddings,
    PaperChanges changes, IOptions<SearchOptions> options, ILogger<SearchIndexer> logger) : BackgroundService
{
    private const int Batch = 2_000;

    /// <summary>Re-reads papers modified this long before the watermark: a transaction in another process can commit
    /// rows stamped earlier than rows already seen.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private static readonly DateTime Epoch = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    private volatile bool started;
    private volatile bool busy;

    /// <summary>True once the start-up catch-up is done: the index holds what the database held then, vectors loaded.</summary>
    public bool IsLoaded => started;

    /// <summary>True when the start-up catch-up is done, no change waits and no embedding is pending.</summary>
    public bool IsIdle => started && !busy && changes.Reader.Count == 0 && embeddings.Pending == 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        changes.IsListening = true;
        await Task.Yield();
        try
        {
            busy = true;
            await CatchUpAsync(rebuild: false, null, stoppingToken);
            await LoadVectorsAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Search index start-up failed; search may be incomplete until the next catch-up");
        }
        finally
        {
            busy = false;
            started = true;
        }

        using var timer = new PeriodicTimer(options.Value.CatchUpInterval);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            var read = changes.Reader.WaitToReadAsync(stoppingToken).AsTask();
            try
            {
                if (await Task.WhenAny(read, tick) == tick)
                {
                    await tick;
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                    await CatchUpAsync(rebuild: false, null, stoppingToken);
                    continue;
                }
                if (!await read) return;
                busy = true;
                var ids = new HashSet<string>(StringComparer.Ordinal);
                while (ids.Count < Batch && changes.Reader.TryRead(out var id)) ids.Add(id);
                await ApplyAsync(ids, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogError(e, "Updating the search index failed; the next catch-up retries"); }
            finally { busy = false; }
        }
    }

    /// <summary>Indexes the given papers as the database has them now; those gone from it, or hidden, leave.</summary>
    public async Task ApplyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var list = ids.ToList();
        var papers = await SearchDocument.From(db.Papers.Where(p => list.Contains(p.Id))).ToListAsync(cancellationToken);
        var visible = await IndexAsync(db, papers, cancellationToken);
        Remove(ids.Except(visible.Select(p => p.Id)).ToList());
        keywords.Commit(keywords.Watermark() ?? Epoch);
        embeddings.Enqueue(visible.Select(p => p.Id));
    }

    /// <summary>
    /// Indexes every paper modified since the index's watermark (all papers when <paramref name="rebuild"/> or for a
    /// new index) and drops papers the database no longer has. Progress reports (done, total).
    /// </summary>
    public async Task<int> CatchUpAsync(bool rebuild, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        if (!keywords.IsWritable) { keywords.Refresh(); return 0; }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var watermark = rebuild ? null : keywords.Watermark();
        if (rebuild) keywords.DeleteAll();
        // UTC kinds throughout: PostgreSQL's timestamptz refuses an unspecified DateTime.
        var since = watermark is { } w && w > Epoch + Margin ? w - Margin : Epoch;
        var changed = db.Papers.Where(p => p.ModifiedAt >= since);
        var total = await changed.CountAsync(cancellationToken);
        var done = 0;
        var newest = watermark ?? Epoch;
        var changedIds = new List<string>();
        string? last = null;
        while (true)
        {
            var page = changed.Where(p => last == null || string.Compare(p.Id, last) > 0).OrderBy(p => p.Id).Take(Batch);
            var papers = await SearchDocument.From(page).ToListAsync(cancellationToken);
            if (papers.Count == 0) break;
            var visible = await IndexAsync(db, papers, cancellationToken);
            Remove([.. papers.Where(p => p.IsHidden).Select(p => p.Id)]);
            last = papers[^1].Id;
            newest = papers.Select(p => p.ModifiedAt).Append(newest).Max();
            // A first build leaves embedding to LoadVectorsAsync (papers with no vector); later ones re-check changed texts.
            if (watermark is not null) changedIds.AddRange(visible.Select(p => p.Id));
            done += papers.Count;
            progress?.Report((done, total));
            // Commit now and then, so a rebuild interrupted half-way keeps what it did.
            if (done % (Batch * 50) == 0) keywords.Commit(watermark ?? Epoch);
        }

        var removed = 0;
        var shown = db.Papers.Where(p => !p.IsHidden);
        if (await shown.CountAsync(cancellationToken) != keywords.Count)
        {
            var inDb = (await shown.Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var gone = keywords.AllIds().Where(id => !inDb.Contains(id)).ToList();
            Remove(gone);
            removed = gone.Count;
        }
        keywords.Commit(newest);
        embeddings.Enqueue(changedIds);
        if (done > 0 || removed > 0) logger.LogInformation("Search index: {Done} papers indexed, {Removed} removed", done, removed);
        return done;
    }

    /// <summary>Loads the stored vectors of this model into memory and queues the papers that have none.</summary>
    public async Task LoadVectorsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        string? last = null;
        while (true)
        {
            var rows = await db.PaperEmbeddings
                .Where(e => e.Model == TextEmbedder.ModelName && (last == null || string.Compare(e.PaperId, last) > 0))
                .Where(e => !e.Paper!.IsHidden)
                .OrderBy(e => e.PaperId).Take(Batch * 5)
                .Select(e => new { e.PaperId, e.Vector, Date = e.Paper!.PublishedAt ?? e.Paper.FirstFeaturedAt ?? e.Paper.CreatedAt, HasCode = e.Paper.GithubRepo != null, e.Paper.Categories })
                .ToListAsync(cancellationToken);
            if (rows.Count == 0) break;
            foreach (var row in rows)
            {
                var facets = new SearchDocument(row.PaperId, "", "", [], row.Categories, row.Date, row.HasCode, default).Facets;
                vectors.Upsert(row.PaperId, PaperEmbedding.Unpack(row.Vector), facets);
            }
            last = rows[^1].PaperId;
        }
        vectors.MarkLoaded();
        if (!embeddings.Enabled) return;
        var missing = await db.Papers
            .Where(p => !db.PaperEmbeddings.Any(e => e.PaperId == p.Id && e.Model == TextEmbedder.ModelName))
            .Where(p => !p.IsHidden)
            .Select(p => p.Id).ToListAsync(cancellationToken);
        embeddings.Enqueue(missing);
        logger.LogInformation("Loaded {Count} paper vectors; {Missing} papers queued for embedding", vectors.Count, missing.Count);
    }

    /// <summary>
    /// Indexes the papers that are not hidden and returns them. Once the stored vectors are loaded, a paper shown again
    /// gets its stored vector back at once (the embedding worker, when there is one, checks it against the text after).
    /// </summary>
    private async Task<List<SearchDocument>> IndexAsync(AppDb db, IReadOnlyList<SearchDocument> papers,
        CancellationToken cancellationToken)
    {
        var visible = papers.Where(p => !p.IsHidden).ToList();
        keywords.Upsert(visible);
        foreach (var paper in visible) vectors.UpdateFacets(paper.Id, paper.Facets);
        if (!vectors.IsLoaded) return visible;
        var unloaded = visible.Where(p => !vectors.Contains(p.Id)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        if (unloaded.Count == 0) return visible;
        var ids = unloaded.Keys.ToList();
        var stored = await db.PaperEmbeddings.AsNoTracking()
            .Where(e => ids.Contains(e.PaperId) && e.Model == TextEmbedder.ModelName)
            .Select(e => new { e.PaperId, e.Vector }).ToListAsync(cancellationToken);
        foreach (var row in stored)
            vectors.Upsert(row.PaperId, PaperEmbedding.Unpack(row.Vector), unloaded[row.PaperId].Facets);
        return visible;
    }

    private void Remove(List<string> ids)
    {
        if (ids.Count == 0) return;
        keywords.Delete(ids);
        foreach (var id in ids) vectors.Remove(id);
    }
}
