using DailyPapers.Data;
using DailyPapers.Features.Imports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>The real app over HTTP on a real database of its own (SQLite file or PostgreSQL).</summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    protected virtual bool LoadDemo => false;

    /// <summary>Background embedding (CPU-heavy): off unless a test needs semantic search; keyword search works without it.</summary>
    protected virtual bool Embeddings => false;
    public TestDatabase Database { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        _ = Services; // start the host: migrations and the demo load run now
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Database.Settings()) builder.UseSetting(key, value);
        builder.UseSetting("Instance:LoadDemo", LoadDemo ? "true" : "false");
        if (!Embeddings) builder.UseSetting("Search:EmbeddingWorkers", "0");
    }

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

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>An instance that started empty and loaded the built-in demo, as `serve` does on first run.</summary>
public sealed class DemoAppFactory : AppFactory
{
    protected override bool LoadDemo => true;
}
