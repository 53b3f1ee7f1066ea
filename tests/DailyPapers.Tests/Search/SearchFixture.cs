using DailyPapers.Features.Imports;
using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;
using DailyPapers.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>
/// The demo corpus and the HF fixture (papers with arXiv ids and authors), plus papers with categories, dates and
/// code links for filters, all embedded by the real model. One instance for every search test: the model loads once.
/// </summary>
public sealed class SearchFixture : AppFactory
{
    protected override bool Embeddings => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ImportAsync(ImportFormats.Listing, Listings.Demo(), new DateOnly(2025, 8, 7));
        await ImportAsync(ImportFormats.HfDaily,
            await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-daily.json")));
        await ImportAsync(
        [
            Filtered("2401.00001", "Sparse mixture routing for protein folding",
                "We fold proteins with a sparse mixture of experts router.", "q-bio.BM cs.LG",
                new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc), code: true),
            Filtered("2403.00002", "Sparse mixture routing for weather forecasting",
                "We forecast weather with a sparse mixture of experts router.", "physics.ao-ph cs.LG",
                new DateTime(2024, 3, 9, 0, 0, 0, DateTimeKind.Utc), code: false),
            new PaperRecord
            {
                Id = "2502.00004", Title = "Marmoset grooming networks", Origin = "xss",
                Abstract = "Grooming among marmosets <img src=x onerror=alert(1)> forms small-world networks.",
            },
            Filtered("2503.00003", "Sparse mixture routing for speech translation",
                "We translate speech with a sparse mixture of experts router.", "cs.CL",
                new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), code: true),
        ]);
        await WaitUntilIdleAsync();
    }

    /// <summary>Waits until every change is indexed and every embedding computed (bounded: the model embeds ~20
    /// papers/s per core).</summary>
    public async Task WaitUntilIdleAsync()
    {
        var indexer = Services.GetRequiredService<SearchIndexer>();
        using var timeout = new CancellationTokenSource(Patience.HangGuard);
        // The importer publishes its changes before it returns, and the indexer marks itself busy before it takes one,
        // so "idle" right after an import means everything is indexed and embedded: poll, no head start needed.
        while (!indexer.IsIdle) await Task.Delay(50, timeout.Token);
    }

    private static PaperRecord Filtered(string id, string title, string abstractText, string categories,
        DateTime published, bool code) => new()
    {
        Id = id,
        Title = title,
        Abstract = abstractText,
        Authors = ["Ada Lovelace", "Alan Turing"],
        Categories = categories,
        PublishedAt = published,
        GithubRepo = code ? $"https://github.com/example/{id}" : null,
        Origin = id,
    };
}

[CollectionDefinition(Name)]
public sealed class SearchCollection : ICollectionFixture<SearchFixture>
{
    public const string Name = "search";
}
