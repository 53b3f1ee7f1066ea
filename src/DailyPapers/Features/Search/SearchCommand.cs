using System.CommandLine;
using System.Text.Json;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace DailyPapers.Features.Search;

/// <summary><c>search "query" [--limit N] [--mode hybrid|keyword|semantic] [--json]</c>: the API's search from the
/// shell.</summary>
public static class SearchCommand
{
    public static Command Create(CliHost host)
    {
        var text = new Argument<string>("query")
            { Description = "Words, \"phrases\", author:, title:, category:, from:, to:, has:code, or a paper id or URL"
            };
        var limit = new Option<int>("--limit")
            { Description = "Results to show, 1-120", DefaultValueFactory = _ => 10 };
        var mode = new Option<string>("--mode")
            { Description = "hybrid, keyword or semantic", DefaultValueFactory = _ => "hybrid" };
        var json = new Option<bool>("--json") { Description = "Print the JSON array GET /api/papers/search returns" };
        var command = new Command("search", "Search the papers of this instance") { text, limit, mode, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            var take = result.GetValue(limit);
            if (take is < 1 or > SearchApi.MaxLimit) return
                CliHost.Fail($"--limit must be from 1 to {SearchApi.MaxLimit}");
            if (!SearchApi.TryMode(result.GetValue(mode), out var searchMode)) return
                CliHost.Fail("--mode must be hybrid, keyword or semantic");
            SearchQuery query;
            try { query = SearchQuery.Parse(result.GetValue(text)); }
            catch (SearchQueryException e) { return CliHost.Fail(e.Message); }

            await using var app = await host.OpenAsync(result, cancellationToken, "--Search:EmbeddingWorkers=0");
            await PrepareIndexAsync(app.Services, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<HybridSearch>().SearchAsync(query, searchMode, 0,
                take, cancellationToken);
            if (result.GetValue(json))
            {
                // No server runs here: links are absolute with Instance:PublicUrl, else relative, as the API's then
                // are.
                var baseUrl = app.Services.GetRequiredService<IOptions<InstanceOptions>>().Value.PublicUrl?.TrimEnd('/')
                    ?? "";
                var serializer = app.Services
                    .GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()
                    .Value.SerializerOptions;
                Console.WriteLine(JsonSerializer.Serialize(found.Hits.Select(h =>
                    HfJson.DailyPaper(h.AsFeaturedPaper(), baseUrl)), serializer));
                return 0;
            }
            if (found.Hits.Count == 0)
            {
                Console.WriteLine("No papers found. Try fewer or other words, drop a filter, or search by " +
                    "author:name.");
                return 0;
            }
            var rank = 0;
            foreach (var hit in found.Hits)
                Console.WriteLine($"{++rank,3}. {hit.Paper.Title}\n     {hit.Paper.Id}  " +
                    $"{PaperText.AuthorLine(hit.Paper.Authors)}");
            return 0;
        });
        return command;
    }

    /// <summary>A CLI process has no background indexer: bring the index up to date here (unless a running site owns
    /// it) and load the vectors.</summary>
    private static async Task PrepareIndexAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var indexer = services.GetRequiredService<SearchIndexer>();
        await indexer.CatchUpAsync(rebuild: false, null, cancellationToken);
        await indexer.LoadVectorsAsync(cancellationToken);
    }

}
