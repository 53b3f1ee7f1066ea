using System.Collections.Concurrent;
using System.Threading.Channels;
using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Search;

/// <summary>
/// Keeps the search indexes derived from the database: at start-up it catches up with what changed since the
/// index's last commit (everything, for a new index), loads the stored vectors and queues papers without one;
/// then it indexes the papers <see cref="PaperChanges"/> reports, and catches up with changes made by another process
/// when told (<see cref="RequestCatchUp"/>: on PostgreSQL, another node's commit) and every
/// <see cref="SearchOptions.CatchUpInterval"/>. A catch-up reads only ids and stamps when nothing changed. Papers
/// curators hid are kept out of both indexes (and come back when
/// shown again), so no search, filter or similar-papers list finds them or gives them a place.
/// </summary>
public sealed class SearchIndexer(IServiceScopeFactory scopes, KeywordIndex keywords, VectorStore vectors,
    EmbeddingWorker embeddings,
    PaperChanges changes, IOptions<SearchOptions> options, ILogger<SearchIndexer> logger) : BackgroundService
{
    private const int Batch = 2_000;

    /// <summary>Re-reads papers modified this long before the watermark: a transaction in another process can commit
    /// rows stamped earlier than rows already seen.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private static readonly DateTime Epoch = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    /// <summary>
    /// Papers indexed lately (within <see cref="Margin"/> of the watermark) with the stamp indexed: a catch-up re-reads
    /// that window but indexes again only what changed since. Without it an idle node re-indexed (and re-queued for
    /// embedding) every paper of the window at every catch-up, forever.
    /// </summary>
    private readonly ConcurrentDictionary<string, DateTime> recent = new(StringComparer.Ordinal);

    private readonly Channel<bool> catchUpRequests = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private volatile bool started;
    private volatile bool busy;

    /// <summary>True once the start-up catch-up is done: the index holds what the database held then, vectors
    /// loaded.</summary>
    public bool IsLoaded => started;

    /// <summary>True when the start-up catch-up is done, no change waits and no embedding is pending.</summary>
    public bool IsIdle => started && !busy && changes.Reader.Count == 0 && embeddings.Pending == 0;

    /// <summary>Asks for a catch-up as soon as the indexer is free (requests made meanwhile count as one).</summary>
    public void RequestCatchUp() => catchUpRequests.Writer.TryWrite(true);

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
            var requested = catchUpRequests.Reader.WaitToReadAsync(stoppingToken).AsTask();
            try
            {
                var first = await Task.WhenAny(read, tick, requested);
                if (first != read)
                {
                    if (first == tick) tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                    while (catchUpRequests.Reader.TryRead(out _)) { }
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
        var papers = await SearchDocument.From(db.Papers.Where(p =>
            list.Contains(p.Id))).ToListAsync(cancellationToken);
        var visible = await IndexAsync(db, papers, cancellationToken);
        foreach (var paper in papers) recent[paper.Id] = paper.ModifiedAt;
        Remove(ids.Except(visible.Select(p => p.Id)).ToList());
        keywords.Refresh(); // searchable now, before the commit's fsyncs
        keywords.Commit(keywords.Watermark() ?? Epoch);
        embeddings.Enqueue(visible.Select(p => p.Id));
    }

    /// <summary>
    /// Indexes every paper modified since the index's watermark (all papers when <paramref name="rebuild"/> or for a
    /// new index) and drops papers the database no longer has. Progress reports (done, total).
    /// </summary>
    public async Task<int> CatchUpAsync(bool rebuild, IProgress<(int Done, int Total)>? progress,
        CancellationToken cancellationToken)
    {
        if (!keywords.IsWritable) { keywords.Refresh(); return 0; }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var watermark = rebuild ? null : keywords.Watermark();
        if (rebuild) keywords.DeleteAll();
        // UTC kinds throughout: PostgreSQL's timestamptz refuses an unspecified DateTime.
        var since = watermark is { } w && w > Epoch + Margin ? w - Margin : Epoch;
        if (rebuild) recent.Clear();
        // A first build reads everything; a catch-up reads the window's ids and stamps, then only what changed.
        var stamps = watermark is null ? [] : await db.Papers.Where(p => p.ModifiedAt >= since)
            .Select(p => new PaperStamp(p.Id, p.ModifiedAt)).ToListAsync(cancellationToken);
        var fresh = stamps.Where(p => !(recent.TryGetValue(p.Id, out var seen) && seen == p.ModifiedAt))
            .Select(p => p.Id).ToList();
        var changed = watermark is null
            ? db.Papers.Where(p => p.ModifiedAt >= since)
            : db.Papers.Where(p => fresh.Contains(p.Id));
        var total = watermark is null ? await changed.CountAsync(cancellationToken) : fresh.Count;
        var done = 0;
        var newest = watermark ?? Epoch;
        var changedIds = new List<string>();
        string? last = null;
        while (total > 0)
        {
            var page = changed.Where(p => last == null
                || string.Compare(p.Id, last) > 0).OrderBy(p => p.Id).Take(Batch);
            var papers = await SearchDocument.From(page).ToListAsync(cancellationToken);
            if (papers.Count == 0) break;
            var visible = await IndexAsync(db, papers, cancellationToken);
            Remove([.. papers.Where(p => p.IsHidden).Select(p => p.Id)]);
            last = papers[^1].Id;
            newest = papers.Select(p => p.ModifiedAt).Append(newest).Max();
            // A first build leaves embedding to LoadVectorsAsync (papers with no vector); later ones re-check changed
            // texts.
            if (watermark is not null) changedIds.AddRange(visible.Select(p => p.Id));
            done += papers.Count;
            progress?.Report((done, total));
            // Commit now and then, so a rebuild interrupted half-way keeps what it did.
            if (done % (Batch * 50) == 0) keywords.Commit(watermark ?? Epoch);
        }

        // Searchable now, before the commit's fsyncs; and the count below is then the index's, not the last commit's
        // (which sent every catch-up that indexed a new paper on to read all ids from both sides).
        if (done > 0) keywords.Refresh();
        var removed = 0;
        var shown = db.Papers.Where(p => !p.IsHidden);
        // Papers leave by being hidden (a change, seen above); the full comparison is for a new or rebuilt index.
        if ((watermark is null || done > 0) && await shown.CountAsync(cancellationToken) != keywords.Count)
        {
            var inDb = (await shown.Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var gone = keywords.AllIds().Where(id => !inDb.Contains(id)).ToList();
            Remove(gone);
            removed = gone.Count;
        }
        Remember(stamps, newest);
        if (done == 0 && removed == 0 && watermark is not null) return 0;
        keywords.Commit(newest);
        embeddings.Enqueue(changedIds);
        if (done > 0 || removed > 0) logger.LogInformation("Search index: {Done} papers indexed, {Removed} removed",
            done, removed);
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
                .Select(e => new { e.PaperId, e.Vector, Date = e.Paper!.PublishedAt ?? e.Paper.FirstFeaturedAt
                    ?? e.Paper.CreatedAt, HasCode = e.Paper.GithubRepo != null, e.Paper.Categories })
                .ToListAsync(cancellationToken);
            if (rows.Count == 0) break;
            foreach (var row in rows)
            {
                var facets = new SearchDocument(row.PaperId, "", "", [], row.Categories, row.Date, row.HasCode,
                    default).Facets;
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
        logger.LogInformation("Loaded {Count} paper vectors; {Missing} papers queued for embedding", vectors.Count,
            missing.Count);
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

    /// <summary>Keeps the stamps of the papers within <see cref="Margin"/> of <paramref name="watermark"/>.</summary>
    private void Remember(List<PaperStamp> stamps, DateTime watermark)
    {
        var from = watermark > Epoch + Margin ? watermark - Margin : Epoch;
        foreach (var (id, modifiedAt) in stamps)
            if (modifiedAt >= from) recent[id] = modifiedAt;
        foreach (var (id, modifiedAt) in recent)
            if (modifiedAt < from) recent.TryRemove(id, out _);
    }

    private sealed record PaperStamp(string Id, DateTime ModifiedAt);

    private void Remove(List<string> ids)
    {
        if (ids.Count == 0) return;
        keywords.Delete(ids);
        foreach (var id in ids) vectors.Remove(id);
    }
}
