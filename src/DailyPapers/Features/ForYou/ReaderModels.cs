using System.Collections.Concurrent;
using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// Every reader's trained model, kept in memory and retrained in the background: an act (upvote, save, dismissal,
/// follow) schedules a retraining <see cref="ForYouOptions.RetrainDelay"/> later, and another act before then moves
/// it back, so a burst of acts trains once. Requests only read models; a reader with no model yet gets the cold
/// start and a training as soon as possible.
/// </summary>
public sealed class ReaderModels : BackgroundService
{
    /// <summary>Random papers every model learns as negatives (<see
    /// cref="ReaderModelSettings.RandomNegatives"/>).</summary>
    private const int BackgroundSize = 1_000;

    private static readonly TimeSpan BackgroundAge = TimeSpan.FromHours(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);
    private static readonly TimeSpan NotLoadedRetry = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ReaderModel> models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> due = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim wake = new(0);
    private readonly IServiceScopeFactory scopes;
    private readonly VectorStore vectors;
    private readonly TimeProvider clock;
    private readonly IOptions<ForYouOptions> options;
    private readonly ILogger<ReaderModels> logger;
    private (Background Sample, long BuiltAt)? background;

    public ReaderModels(ReaderActivity activity, IServiceScopeFactory scopes, VectorStore vectors, TimeProvider clock,
        IOptions<ForYouOptions> options, ILogger<ReaderModels> logger)
    {
        this.scopes = scopes;
        this.vectors = vectors;
        this.clock = clock;
        this.options = options;
        this.logger = logger;
        activity.Acted += userId => Schedule(userId, options.Value.RetrainDelay);
    }

    public static ReaderModelSettings Settings { get; } = new();

    /// <summary>Trainings done since start (tests wait for one).</summary>
    public int Trainings => trainings;

    private int trainings;

    /// <summary>The reader's model, or null (cold start) while none is trained; then one is trained soon.</summary>
    public ReaderModel? Find(string userId)
    {
        if (models.TryGetValue(userId, out var model)) return model;
        if (!due.ContainsKey(userId)) Schedule(userId, TimeSpan.Zero);
        return null;
    }

    /// <summary>
    /// The reader's model, trained now if there is none: for background jobs (the digest), never for requests.
    /// </summary>
    public async Task<ReaderModel> GetOrTrainAsync(string userId, CancellationToken cancellationToken)
    {
        if (models.TryGetValue(userId, out var model)) return model;
        await TrainAsync(userId, cancellationToken);
        return models.TryGetValue(userId, out model) ? model : ReaderModel.Train(ReaderSignals.None,
            new Background(new EmbeddingMatrix(0)), Settings);
    }

    /// <summary>Forgets the reader's model (their data is deleted).</summary>
    public void Forget(string userId)
    {
        models.TryRemove(userId, out _);
        due.TryRemove(userId, out _);
    }

    private void Schedule(string userId, TimeSpan delay)
    {
        due[userId] = clock.GetTimestamp() + (long)(delay.TotalSeconds * clock.TimestampFrequency);
        wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Sleeps until the next training is due or one is scheduled: polling woke an idle node ten times a second.
            await wake.WaitAsync(UntilNextDue(), stoppingToken);
            var now = clock.GetTimestamp();
            foreach (var (userId, at) in due)
            {
                if (at > now || !due.TryRemove(new KeyValuePair<string, long>(userId, at))) continue;
                try
                {
                    await TrainAsync(userId, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Training the For-you model of user {UserId} failed", userId);
                }
            }
        }
    }

    private TimeSpan UntilNextDue()
    {
        if (due.IsEmpty) return Timeout.InfiniteTimeSpan;
        var wait = clock.GetElapsedTime(clock.GetTimestamp(), due.Values.Min());
        // The semaphore waits at most about 24 days; a far-off training is reached in steps.
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < LongestWait ? wait : LongestWait;
    }

    private async Task TrainAsync(string userId, CancellationToken cancellationToken)
    {
        // Until the embeddings are loaded at start-up, every paper looks unembedded: train when they are.
        if (!vectors.IsLoaded)
        {
            Schedule(userId, NotLoadedRetry);
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            models.TryRemove(userId, out _);
            return;
        }
        var signals = await scope.ServiceProvider.GetRequiredService<ReaderData>()
            .SignalsAsync(userId, Settings.MaxLiked, cancellationToken);
        var sample = await BackgroundAsync(db, cancellationToken);
        models[userId] = ReaderModel.Train(signals, sample, Settings);
        Interlocked.Increment(ref trainings);
    }

    /// <summary>
    /// A random sample of the embedded papers, redrawn hourly, or sooner while the corpus is smaller than a sample
    /// (a new instance still embedding its papers).
    /// </summary>
    private async Task<Background> BackgroundAsync(AppDb db, CancellationToken cancellationToken)
    {
        if (background is { } current && clock.GetElapsedTime(current.BuiltAt) < BackgroundAge
            && (current.Sample.Papers.Count >= BackgroundSize
                || clock.GetElapsedTime(current.BuiltAt) < options.Value.CandidateRefresh))
            return current.Sample;
        var ids = await db.PaperEmbeddings.Select(e => e.PaperId).ToListAsync(cancellationToken);
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids));
        var sample = new Background(EmbeddingMatrix.FromStore(vectors, ids.Take(BackgroundSize).ToList()));
        background = (sample, clock.GetTimestamp());
        return sample;
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }
}
