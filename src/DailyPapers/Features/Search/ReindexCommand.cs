using System.CommandLine;
using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace DailyPapers.Features.Search;

/// <summary><c>reindex [--embeddings]</c>: rebuilds the keyword index from the database; with --embeddings also
/// computes every missing or stale embedding (new papers, edited texts, a new model).</summary>
public static class ReindexCommand
{
    public static Command Create(CliHost host)
    {
        var embeddings = new Option<bool>("--embeddings")
            { Description = "Also compute missing or out-of-date embeddings (about 45 papers/s on 2 cores)" };
        var command = new Command("reindex", "Rebuild the search index from the database") { embeddings };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = await host.OpenAsync(result, cancellationToken, "--Search:EmbeddingWorkers=0");
            var keywords = app.Services.GetRequiredService<KeywordIndex>();
            if (!keywords.IsWritable)
            {
                var path = SearchFeature.IndexPath(app.Services.GetRequiredService<IOptions<InstanceOptions>>().Value);
                Console.Error.WriteLine($"error: the search index in {path} is in use by a running site. Stop it " +
                    $"first (the site also catches up by itself at start-up).");
                return 1;
            }
            var indexer = app.Services.GetRequiredService<SearchIndexer>();
            var indexed = await WithProgressAsync("Indexing papers",
                (progress, token) => indexer.CatchUpAsync(rebuild: true, progress, token), cancellationToken);
            Console.WriteLine($"Keyword index rebuilt: {indexed} papers.");
            if (!result.GetValue(embeddings)) return 0;

            var ids = await MissingEmbeddingsAsync(app.Services, cancellationToken);
            var worker = app.Services.GetRequiredService<EmbeddingWorker>();
            var computed = await WithProgressAsync("Embedding papers", async (progress, token) =>
            {
                var done = 0;
                var count = 0;
                // Two callers on one encoder: the fastest configuration measured on 2 cores.
                await Parallel.ForEachAsync(ids,
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount),
                    CancellationToken = token },
                    async (id, ct) =>
                    {
                        if (await worker.EmbedAsync(id, ct)) Interlocked.Increment(ref count);
                        progress.Report((Interlocked.Increment(ref done), ids.Count));
                    });
                return count;
            }, cancellationToken);
            Console.WriteLine($"Embeddings computed: {computed} of {ids.Count} papers checked.");
            return 0;
        });
        return command;
    }

    private static async Task<List<string>>
        MissingEmbeddingsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        // Every paper is checked: EmbedAsync skips those whose stored vector is of this model and this text.
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Papers.OrderBy(p =>
            p.Id).Select(p => p.Id), cancellationToken);
    }

    private static async Task<int> WithProgressAsync(string label, Func<IProgress<(int Done, int Total)>,
        CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Non-interactive (logs, CI): a line every 10 %.
            var lastTenth = -1;
            return await work(new Progress<(int Done, int Total)>(p =>
            {
                var tenth = p.Total == 0 ? 10 : p.Done * 10 / p.Total;
                if (tenth == lastTenth) return;
                lastTenth = tenth;
                Console.Error.WriteLine($"{label}: {p.Done}/{p.Total}");
            }), cancellationToken);
        }
        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: 1);
                return await work(new Progress<(int Done,
                    int Total)>(p => { task.MaxValue = Math.Max(1, p.Total); task.Value = p.Done; }),
                    cancellationToken);
            });
    }
}
