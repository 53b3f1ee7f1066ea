using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Fixed-window counters kept in Redis, shared by every node, for the rate limits. Redis being away is not an error
/// for the site: <see cref="TryCountAsync"/> answers null and the caller counts in this node's memory. Each outage
/// is logged once as a warning, each recovery once as information; after a failure Redis is left alone for a few
/// seconds, so a dead or hung server costs requests nothing.
/// </summary>
public sealed class RedisCounters(IOptions<RedisOptions> options, ILogger<RedisCounters> logger) : IHostedService,
    IAsyncDisposable
{
    /// <summary>Counts a hit; starts the window (timed by Redis's clock) on the first; answers the count and the time
    /// left.</summary>
    private const string FixedWindowScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local left = redis.call('PTTL', KEYS[1])
        if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
        return {count, left}
        """;

    private const string KeyPrefix = "dailypapers:rate:";
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(5);

    private ConnectionMultiplexer? connection;
    private long pausedUntil;
    private int away;

    public bool IsConfigured => options.Value.IsConfigured;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured) return;
        // With AbortOnConnectFail off this returns even when Redis is down, and keeps reconnecting in the background.
        connection = await ConnectionMultiplexer.ConnectAsync(options.Value.ConnectionOptions());
        if (connection.IsConnected) logger.LogInformation("Rate limits are counted in Redis, across all nodes.");
        else ReportFailure(null);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The hit's number in the current window of <paramref name="key"/> and the time left in it; null when
    /// Redis cannot say.</summary>
    public async Task<(long Count, TimeSpan Left)?>
        TryCountAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        if (connection is not { } redis || Environment.TickCount64 < Volatile.Read(ref pausedUntil)) return null;
        if (!redis.IsConnected)
        {
            ReportFailure(null);
            return null;
        }
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase()
                .ScriptEvaluateAsync(FixedWindowScript, [KeyPrefix + key], [(long)window.TotalMilliseconds])
                .WaitAsync(TimeSpan.FromMilliseconds(options.Value.TimeoutMilliseconds), cancellationToken))!;
            ReportSuccess();
            return ((long)result[0], TimeSpan.FromMilliseconds((long)result[1]));
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            ReportFailure(e);
            return null;
        }
    }

    private void ReportFailure(Exception? error)
    {
        Volatile.Write(ref pausedUntil, Environment.TickCount64 + (long)PauseAfterFailure.TotalMilliseconds);
        if (Interlocked.Exchange(ref away, 1) == 0)
            logger.LogWarning("Redis cannot be reached ({Error}): rate limits are counted per node, in memory, until " +
                "it is "
                + "back, so a client spreading requests over N nodes gets up to N times each limit.",
                error?.Message ?? "not connected");
    }

    private void ReportSuccess()
    {
        if (Interlocked.Exchange(ref away, 0) == 1)
            logger.LogInformation("Redis is reachable again: rate limits are counted across all nodes again.");
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
    }
}
