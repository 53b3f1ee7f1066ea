using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Cluster;

/// <summary>
/// Two nodes and one real Redis: a write limit holds exactly across the nodes; with Redis killed each node goes on
/// counting in memory (limited, never a 500, one warning per node); once Redis is back the limit is global again.
/// </summary>
public sealed class SharedRateLimitTests : IAsyncLifetime
{
    private const int Limit = 3;
    private const int Requests = 2 * Limit + 2;
    private TestDatabase database = null!;
    private RedisServer redis = null!;
    private readonly List<ClusterNode> nodes = [];

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        redis = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await ((IAsyncLifetime)node).DisposeAsync();
            Directory.Delete(node.DataDirectory, recursive: true);
        }
        await redis.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_limit_holds_across_nodes_falls_back_per_node_while_redis_is_away_and_is_global_again_after()
    {
        var a = await StartAsync(redis.Configuration);
        var b = await StartAsync(redis.Configuration);
        var nodesAB = new[] { a, b };

        var shared = await AlternateAsync(nodesAB, await TokenAsync(a, "shared"));
        Assert.Equal(Limit, shared.Count(r => r.StatusCode != HttpStatusCode.TooManyRequests));
        Assert.All(shared[Limit..], r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.All(shared[Limit..], r => Assert.InRange(r.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1),
            TimeSpan.FromHours(1)));

        await redis.StopAsync();
        var away = await AlternateAsync(nodesAB, await TokenAsync(a, "away"));
        Assert.All(away, r => Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests,
            r.ToString()));
        Assert.Equal(2 * Limit, away.Count(r => r.StatusCode != HttpStatusCode.TooManyRequests));

        await redis.RestartAsync();
        var probe = await TokenAsync(a, "probe");
        await Poll.UntilAsync(async () =>
        {
            foreach (var node in nodesAB) await SubmitAsync(node, probe);
            return nodesAB.All(n => n.Logs.Entries.Any(e =>
                e.Message.StartsWith("Redis is reachable again", StringComparison.Ordinal))) ? "" : null;
        }, TimeSpan.FromSeconds(90));
        var again = await AlternateAsync(nodesAB, await TokenAsync(a, "again"));
        Assert.Equal(Limit, again.Count(r => r.StatusCode != HttpStatusCode.TooManyRequests));

        Assert.All(nodesAB, node => Assert.Single(node.Warnings,
            w => w.StartsWith("Redis cannot be reached", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_node_started_while_redis_is_down_says_so_once_and_limits_in_memory()
    {
        await redis.StopAsync();
        var node = await StartAsync(redis.Configuration);
        Assert.Single(node.Warnings, w => w.StartsWith("Redis cannot be reached", StringComparison.Ordinal));
        var token = await TokenAsync(node, "alone");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 2; i++) statuses.Add((await SubmitAsync(node, token)).StatusCode);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, Limit), HttpStatusCode.TooManyRequests,
            HttpStatusCode.TooManyRequests], statuses);
        Assert.Single(node.Warnings, w => w.StartsWith("Redis cannot be reached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redis_configuration_that_cannot_be_read_stops_start_up()
    {
        var node = new ClusterNode(database, ClusterNode.NewDataDirectory(), new Dictionary<string, string>
        {
            ["Redis:Configuration"] = "127.0.0.1:6379,nosuchoption=1",
        });
        nodes.Add(node);
        var failed = await Assert.ThrowsAsync<OptionsValidationException>(node.InitializeAsync);
        Assert.Contains("Redis:Configuration must be a StackExchange.Redis configuration string", failed.Message,
            StringComparison.Ordinal);
    }

    private async Task<ClusterNode> StartAsync(string redisConfiguration)
    {
        var node = new ClusterNode(database, ClusterNode.NewDataDirectory(), new Dictionary<string, string>
        {
            ["Redis:Configuration"] = redisConfiguration,
            ["Community:Submit:PermitLimit"] = Limit.ToString(CultureInfo.InvariantCulture),
            ["Community:Submit:WindowSeconds"] = "3600",
        });
        nodes.Add(node);
        await node.InitializeAsync();
        return node;
    }

    private static async Task<string> TokenAsync(ClusterNode node, string name)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var user = new User { UserName = name, Email = $"{name}@example.org", EmailConfirmed = true,
            CreatedAt = DateTime.UtcNow };
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<User>>().CreateAsync(user)).Succeeded);
        return await ApiTokens.CreateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), user.Id, "test",
            DateTime.UtcNow, default);
    }

    /// <summary>A submission the API refuses (400) once it is let through: each one counts against the limit.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(ClusterNode node, string token)
    {
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.PostAsync("/api/papers/submit", JsonContent.Create(new { paperId = "not an id" }));
    }

    /// <summary>Requests from one user, sent to the nodes in turn.</summary>
    private static async Task<HttpResponseMessage[]> AlternateAsync(ClusterNode[] nodes, string token)
    {
        var responses = new HttpResponseMessage[Requests];
        for (var i = 0; i < Requests; i++) responses[i] = await SubmitAsync(nodes[i % nodes.Length], token);
        return responses;
    }
}
