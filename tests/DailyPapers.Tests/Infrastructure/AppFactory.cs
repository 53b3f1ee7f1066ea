using DailyPapers.Data;
using DailyPapers.Features.Imports;
using DailyPapers.Features.Papers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>The real app over HTTP on a real database of its own (SQLite file or PostgreSQL).</summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    protected virtual bool LoadDemo => false;

    /// <summary>Background embedding (CPU-heavy): off unless a test needs semantic search; keyword search works without
    /// it.</summary>
    protected virtual bool Embeddings => false;
    public TestDatabase Database { get; private set; } = null!;

    /// <summary>The rows the app's queries read (every context of the app reports here).</summary>
    public RowsRead RowsRead { get; } = new();

    /// <summary>A database another app already uses (a second node of a cluster); it is left for its owner to
    /// drop.</summary>
    private readonly TestDatabase? shared;

    public AppFactory() { }

    protected AppFactory(TestDatabase shared) => this.shared = shared;

    public virtual async Task InitializeAsync()
    {
        Database = shared ?? await TestDatabase.CreateAsync();
        _ = Services; // start the host: migrations and the demo load run now
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Database.Settings()) builder.UseSetting(key, value);
        builder.UseSetting("Instance:LoadDemo", LoadDemo ? "true" : "false");
        // No test reaches outside the machine: remote sources point at a closed loopback port unless a test serves
        // them,
        // and the etiquette waits shrink to milliseconds so the failure paths stay fast.
        foreach (var endpoint in new[] { "OaiEndpoint", "ArxivApiEndpoint", "HfEndpoint" })
            builder.UseSetting($"Harvest:{endpoint}", ClosedPort);
        builder.UseSetting("Harvest:RequestInterval", "00:00:00.001");
        builder.UseSetting("Harvest:RetryDelay", "00:00:00.010");
        builder.UseSetting("Harvest:MaxRetries", "2");
        // Jobs are registered but the scheduler does not run: tests call jobs directly, with a clock they control.
        builder.UseSetting("Scheduling:Enabled", "false");
        if (!Embeddings) builder.UseSetting("Search:EmbeddingWorkers", "0");
        // A row limit (Skip/Take) with no order picks arbitrary rows; EF only warns, in a log nobody reads. Under test
        // such a query fails the test that runs it.
        var unordered = CoreEventId.RowLimitingOperationWithoutOrderByWarning;
        builder.ConfigureServices(services =>
        {
            services.ConfigureDbContext<SqliteAppDb>(
                o => o.ConfigureWarnings(w => w.Throw(unordered)).AddInterceptors(RowsRead), ServiceLifetime.Singleton);
            services.ConfigureDbContext<PostgresAppDb>(
                o => o.ConfigureWarnings(w => w.Throw(unordered)).AddInterceptors(RowsRead), ServiceLifetime.Singleton);
        });
    }

    /// <summary>A request to the app waits as long as anything in the suite (HttpClient's default: 100 s).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.Timeout = Patience.HangGuard;
    }

    /// <summary>Port 9 (discard) on loopback: nothing listens there, so a connection is refused at once.</summary>
    public const string ClosedPort = "http://127.0.0.1:9/";

    public async Task<ImportSummary> ImportAsync(string format, byte[] bytes, DateOnly? date = null)
    {
        var records = ImportFormats.Parse(format, bytes, date, new DateOnly(2026, 1, 1));
        return await ImportAsync(records);
    }

    public async Task<ImportSummary> ImportAsync(IReadOnlyList<PaperRecord> records)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaperImporter>().ImportAsync(records, null, default);
    }

    public async Task<T> WithDbAsync<T>(Func<AppDb, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeFixtureAsync();

    /// <summary>Stops the app, then drops its database; fixtures with more to stop (a browser) extend it.</summary>
    protected virtual async Task DisposeFixtureAsync()
    {
        await base.DisposeAsync();
        if (shared is null) await Database.DisposeAsync();
    }
}

/// <summary>An instance that started empty and loaded the built-in demo, as `serve` does on first run.</summary>
public sealed class DemoAppFactory : AppFactory
{
    protected override bool LoadDemo => true;
}
