using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Search;

/// <summary>
/// Papers waiting for an embedding, and the background callers that compute them (one paper per call, as many
/// callers as <see cref="SearchOptions.EmbeddingWorkers"/>). Imports never wait for it: until a paper's vector is
/// ready it is found by keyword only.
/// </summary>
public sealed class EmbeddingWorker(IServiceScopeFactory scopes, VectorStore vectors, TextEmbedder embedder,
    TimeProvider clock,
    IOptions<SearchOptions> options, ILogger<EmbeddingWorker> logger) : BackgroundService
{
    private readonly Channel<string> queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> queued = new(StringComparer.Ordinal);

    private long computed;

    /// <summary>Embeddings this node computed since it started (a paper embedded twice in a cluster counts
    /// twice).</summary>
    public long Computed => Interlocked.Read(ref computed);

    /// <summary>Papers queued or being embedded.</summary>
    public int Pending => queued.Count;

    public bool Enabled => options.Value.EmbeddingWorkers > 0;

    public void Enqueue(IEnumerable<string> paperIds)
    {
        if (!Enabled) return;
        foreach (var id in paperIds)
            if (queued.TryAdd(id, 0)) queue.Writer.TryWrite(id);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.EmbeddingWorkers).Select(_ =>
            Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    /// <summary>One caller: embeds queued papers and, when the queue runs dry after it embedded some, releases the
    /// model's working memory (a bulk embedding keeps its buffers; an idle server does not).</summary>
    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var embeddedSinceRelease = false;
        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                embeddedSinceRelease |= await EmbedAsync(id, stoppingToken);
                if (embeddedSinceRelease && queue.Reader.Count == 0)
                {
                    embedder.ReleaseMemory();
                    embeddedSinceRelease = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogWarning(e,
                "Embedding paper {Id} failed; it stays keyword-only until it changes or the site restarts", id); }
            finally { queued.TryRemove(id, out _); }
        }
    }

    /// <summary>
    /// Embeds one paper unless its stored embedding is already of this model and this text; stores and indexes the
    /// vector. A paper curators hid is only taken out of the vectors. On PostgreSQL the paper is claimed first (a
    /// transaction-scoped advisory lock: released at commit, or when a node dies): nodes that queued the same paper
    /// wait for the one embedding it, then find its vector stored and load it, so each paper is embedded once.
    /// </summary>
    public async Task<bool> EmbedAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await using var claim = await ClaimAsync(db, id, cancellationToken);
        var paper = await SearchDocument.From(db.Papers.Where(p => p.Id == id)).FirstOrDefaultAsync(cancellationToken);
        var stored = await db.PaperEmbeddings.FirstOrDefaultAsync(e => e.PaperId == id, cancellationToken);
        if (paper is null or { IsHidden: true }) { vectors.Remove(id); return false; }

        var hash = TextHash(paper.Title, paper.Abstract);
        if (stored is { Model: TextEmbedder.ModelName } && stored.TextHash == hash)
        {
            if (!vectors.Contains(id)) vectors.Upsert(id, PaperEmbedding.Unpack(stored.Vector), paper.Facets);
            return false;
        }
        var vector = embedder.EmbedDocument(paper.Title, paper.Abstract);
        if (stored is null)
        {
            stored = new PaperEmbedding { PaperId = id, Model = TextEmbedder.ModelName, TextHash = hash, Vector = [] };
            db.PaperEmbeddings.Add(stored);
        }
        stored.Model = TextEmbedder.ModelName;
        stored.TextHash = hash;
        stored.Vector = PaperEmbedding.Pack(vector);
        stored.ComputedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (claim is not null) await claim.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await db.Papers.AnyAsync(p => p.Id == id, cancellationToken)) throw;
            return false; // deleted while it was being embedded
        }
        vectors.Upsert(id, vector, paper.Facets);
        Interlocked.Increment(ref computed);
        return true;
    }

    /// <summary>An arbitrary number that keeps these locks apart from other advisory locks.</summary>
    private const int ClaimLockSpace = 0x656D62;

    /// <summary>
    /// How long a node waits for another to finish embedding a paper (one embedding takes well under a second; the
    /// wait also covers a node stalled mid-way, whose lock goes with its connection).
    /// </summary>
    private static readonly TimeSpan ClaimWait = TimeSpan.FromMinutes(5);

    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?>
        ClaimAsync(AppDb db, string id,
        CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql()) return null;
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(ClaimWait);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ClaimLockSpace}, hashtext({id}))",
            cancellationToken);
        db.Database.SetCommandTimeout(timeout);
        return transaction;
    }

    public static string TextHash(string title, string abstractText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TextEmbedder.DocumentText(title,
            abstractText))))[..32];
}
