using DailyPapers.Features.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// Fetches and parses one page from a source. Transport failures (5xx, 503 + Retry-After, timeouts, dropped
/// connections) are retried by the client's resilience pipeline; a body that does not parse (an HTML error page
/// sent with 200, cut-off XML, a connection lost mid-body) is fetched again here, up to
/// <see cref="HarvestOptions.PageAttempts"/> times.
/// </summary>
public sealed class HarvestHttp(IHttpClientFactory clients, IOptions<HarvestOptions> options, TimeProvider clock, ILogger<HarvestHttp> logger)
{
    public const string ClientName = "harvest";

    public async Task<T> GetAsync<T>(Uri url, string what, Func<byte[], T> parse, CancellationToken cancellationToken)
    {
        var attempts = options.Value.PageAttempts;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return parse(await GetBytesAsync(url, cancellationToken));
            }
            catch (Exception e) when (e is ImportFormatException or HttpRequestException or IOException or TimeoutException)
            {
                if (attempt >= attempts) throw new HarvestException($"{what}: {e.Message} (gave up after {attempts} attempts)", e);
                logger.LogWarning("{What}: {Error}; fetching it again ({Attempt}/{Attempts})", what, e.Message, attempt + 1, attempts);
                await Task.Delay(options.Value.RetryDelay * attempt, clock, cancellationToken);
            }
        }
    }

    private async Task<byte[]> GetBytesAsync(Uri url, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HarvestException($"GET {url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after {options.Value.MaxRetries} retries");

        // The pipeline's timeout ends with the headers; a body that trickles in is bounded here.
        using var timeout = new CancellationTokenSource(options.Value.RequestTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await response.Content.ReadAsByteArrayAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the body of {url} did not arrive within {options.Value.RequestTimeout}");
        }
    }
}
