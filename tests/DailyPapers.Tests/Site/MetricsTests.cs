using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace DailyPapers.Tests.Site;

/// <summary>
/// Prometheus metrics switched on. Instruments of one name are one metric to OpenTelemetry in a process, whichever
/// app made them, so these tests run alone: other apps of the test run would add their imports and sends.
/// </summary>
[Collection(Name)]
public sealed class MetricsTests : IAsyncLifetime
{
    public const string Name = "metrics, alone";
    private readonly MetricsFactory instance = new();

    public Task InitializeAsync() => instance.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)instance).DisposeAsync();

    [Fact]
    public async Task Metrics_when_on_show_requests_and_our_instruments_to_allowed_addresses_only()
    {
        await instance.ImportAsync([
            new PaperRecord { Id = "2501.00001", Title = "Counted", Abstract = "Once.", PublishedAt = DateTime.UtcNow,
                Origin = "test" },
            new PaperRecord { Id = "2501.00002", Title = "Counted too", Abstract = "Twice.",
                PublishedAt = DateTime.UtcNow, Origin = "test" }]);
        var client = new HttpClient { BaseAddress = instance.ClientOptions.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/papers/search?q=counted")).StatusCode);

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Equal("2", Sample(metrics, "dailypapers_papers_imported_total"));
        foreach (var name in new[] { "dailypapers_digests_sent_total", "dailypapers_digests_retried_total",
            "dailypapers_digests_parked_total" })
            Assert.Equal("0", Sample(metrics, name));
        Assert.NotNull(Sample(metrics, "dailypapers_embedding_queue"));
        Assert.Equal("1", Sample(metrics, "dailypapers_search_duration_seconds_count"));
        Assert.Contains("http_server_request_duration_seconds_count{", metrics, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/papers/search\"", metrics, StringComparison.Ordinal);

        // The same node from another address (127.0.0.2 is this machine too, but not on the list).
        using var other = new HttpClient(new SocketsHttpHandler
            { ConnectCallback = FromAddress(IPAddress.Parse("127.0.0.2")) })
        {
            BaseAddress = instance.ClientOptions.BaseAddress,
        };
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>The value of a metric's first series in Prometheus text; null when absent.</summary>
    private static string? Sample(string metrics, string name) =>
        Regex.Match(metrics, $@"^{Regex.Escape(name)}\{{[^}}]*\}} (\S+)", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups[1].Value : null;

    private static Func<SocketsHttpConnectionContext, CancellationToken,
        ValueTask<Stream>> FromAddress(IPAddress address) =>
        async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        };

    /// <summary>Metrics on, for 127.0.0.1 only, on Kestrel (a real address to check).</summary>
    private sealed class MetricsFactory : AppFactory
    {
        public MetricsFactory() => UseKestrel(0);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            StartServer();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Metrics:Enabled", "true");
            builder.UseSetting("Metrics:AllowedAddresses:0", "127.0.0.1");
        }
    }
}

[CollectionDefinition(MetricsTests.Name, DisableParallelization = true)]
public sealed class MetricsCollection;
