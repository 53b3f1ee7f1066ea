using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Redis, which the nodes of a cluster share to count rate limits once across all of them. Without it each node
/// counts its own requests in memory, which is exact on a single node.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>10.0.0.5:6379</c> or
    /// <c>redis.internal:6380,password=…,ssl=true</c>
    /// (the password is best given through the environment: <c>DAILYPAPERS_Redis__Configuration</c>). Empty: no Redis.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// How long a request waits for Redis before it is counted in this node's memory instead (a limit then counts per
    /// node). Redis answers in well under a millisecond; the margin is for a busy node, whose slow answers would
    /// otherwise leak through the shared limit (500 ms let 59 of 90 votes through a limit of 30 with the CPU
    /// overloaded).
    /// </summary>
    [Range(50, 10_000)]
    public int TimeoutMilliseconds { get; set; } = 2_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>The connection settings: fail fast rather than queue while Redis is away, and never block
    /// start-up.</summary>
    public ConfigurationOptions ConnectionOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration!);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 1000;
        options.SyncTimeout = options.AsyncTimeout = Math.Max(1000, 2 * TimeoutMilliseconds);
        options.ClientName ??= "dailypapers";
        return options;
    }

    public bool IsValid()
    {
        if (!IsConfigured) return true;
        try
        {
            return ConnectionOptions().EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
