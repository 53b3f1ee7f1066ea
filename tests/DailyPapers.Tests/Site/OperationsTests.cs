using System.Net;
using System.Text.Json;
using DailyPapers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DailyPapers.Tests.Site;

/// <summary>Liveness, readiness and metrics as a load balancer and a Prometheus server read them.</summary>
public sealed class OperationsTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    /// <summary>Instances a test changes (or configures) for itself: stopped, their databases dropped, after
    /// it.</summary>
    private readonly List<AppFactory> own = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in own) await ((IAsyncLifetime)instance).DisposeAsync();
    }

    [Fact]
    public async Task Healthz_answers_and_readyz_is_ready_once_the_index_is_loaded()
    {
        var client = app.CreateClient();
        var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());

        var ready = await Poll.UntilAsync(async () =>
            await client.GetAsync("/readyz") is { StatusCode: HttpStatusCode.OK } r ? r : null);
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy",
            report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy",
            report.RootElement.GetProperty("checks").GetProperty("search-index").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_are_off_unless_switched_on()
    {
        var response = await app.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_is_503_with_the_reason_while_a_migration_is_pending_and_ready_again_after_it()
    {
        var instance = await StartAsync(new AppFactory());
        var client = instance.CreateClient();
        var last = await instance.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).Last());
        await instance.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
            $"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}"));

        var pending = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pending.StatusCode);
        Assert.Contains("1 migration(s) not applied: run the migrate command",
            await pending.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        await instance.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({last}, '10.0.15')"));
        await Poll.UntilAsync(async () => await client.GetAsync("/readyz") is { StatusCode: HttpStatusCode.OK } r ? r
            : null);
    }

    /// <summary>PostgreSQL refusing connections to the database, as when it is down or unreachable. (An open SQLite
    /// file cannot become unreachable that way; this test is for the server.)</summary>
    [Fact]
    public async Task Readyz_is_503_with_the_reason_while_postgresql_refuses_connections()
    {
        if (TestDatabase.Provider != "postgres") return;
        var instance = await StartAsync(new AppFactory());
        var client = instance.CreateClient();
        await Poll.UntilAsync(async () => await client.GetAsync("/readyz") is { StatusCode: HttpStatusCode.OK } r ? r
            : null);
        var name = new NpgsqlConnectionStringBuilder(instance.Database.ConnectionString).Database!;
        await AdministerAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS false",
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        try
        {
            var down = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Contains("the database cannot be reached", await down.Content.ReadAsStringAsync(),
                StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            await AdministerAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
        }
        await Poll.UntilAsync(async () => await client.GetAsync("/readyz") is { StatusCode: HttpStatusCode.OK } r ? r
            : null);
    }

    [Fact]
    public async Task Logs_can_be_json_lines()
    {
        await using var database = await TestDatabase.CreateAsync();
        var directory = ClusterNode.NewDataDirectory();
        var node = ServeProcess.Start(database, directory, ("Logging:Console:FormatterName", "json"),
            ("Instance:LoadDemo", "false"));
        try
        {
            await node.ListeningAsync();
        }
        finally
        {
            await node.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
        var lines = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
        Assert.Contains(lines, line => line.Contains("\"Category\":\"Microsoft.Hosting.Lifetime\"",
            StringComparison.Ordinal));
    }

    private async Task<T> StartAsync<T>(T instance) where T : AppFactory
    {
        own.Add(instance);
        await instance.InitializeAsync();
        return instance;
    }

    private static async Task AdministerAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("DAILYPAPERS_TEST_PG"));
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
