using System.Net.Sockets;
using DailyPapers.Features.Papers;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// Fetches and parses one page from a source. Transport failures (5xx, 503 + Retry-After, timeouts, dropped
/// connections) are retried by the client's resilience pipeline; a body that does not parse (an HTML error page
/// sent with 200, cut-off XML, a connection lost mid-body) is fetched again here, up to
/// <see cref="HarvestOptions.PageAttempts"/> times. A host that cannot be reached at all (no name, nothing listening)
/// fails at once: waiting would not bring the network back, and every message counts the requests really sent.
/// </summary>
public sealed class HarvestHttp(IHttpClientFactory clients, IOptions<HarvestOptions> options, TimeProvider clock,
    ILogger<HarvestHttp> logger)
{
    public const string ClientName = "harvest";

    /// <summary>Set on each request; the innermost handler counts every attempt the pipeline sends.</summary>
    public static readonly HttpRequestOptionsKey<RequestCount> Count = new("DailyPapers.RequestCount");

    public async Task<T> GetAsync<T>(Uri url, string what, Func<byte[], T> parse, CancellationToken cancellationToken)
    {
        var attempts = options.Value.PageAttempts;
        var sent = new RequestCount();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Options.Set(Count, sent);
            using var response = await SendAsync(request, what, sent, cancellationToken);
            try
            {
                return parse(await ReadBodyAsync(response, url, cancellationToken));
            }
            catch (Exception e) when (e is ImportFormatException or HttpRequestException or IOException or
                TimeoutException)
            {
                if (attempt >= attempts) throw new HarvestException($"{what}: {e.Message}{sent.GaveUp}", e);
                logger.LogWarning("{What}: {Error}; fetching it again ({Attempt}/{Attempts})", what, e.Message,
                    attempt + 1, attempts);
                await Task.Delay(options.Value.RetryDelay * attempt, clock, cancellationToken);
            }
        }
    }

    /// <summary>Why a host cannot be reached at all (retrying would not help); null for other failures.</summary>
    public static string? Unreachable(Exception? e) => e switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }
            => "name not resolved (no network?)",
        HttpRequestException { InnerException: SocketException socket } => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused (nothing listens there)",
            SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable (no network?)",
            SocketError.HostUnreachable or SocketError.HostDown => "host unreachable",
            _ => null,
        },
        _ => null,
    };

    /// <summary>What went wrong, in the innermost exception's words ("Connection reset by peer").</summary>
    public static string? Describe(Exception? e)
    {
        while (e?.InnerException is not null) e = e.InnerException;
        return e?.Message;
    }

    /// <summary>
    /// The response headers, through the retrying pipeline; a final failure is a one-line
    /// <see cref="HarvestException"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, RequestCount sent,
        CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (Unreachable(e) is { } why)
        {
            throw new HarvestException($"cannot reach {url.Authority}: {why}", e);
        }
        catch (HttpRequestException e)
        {
            throw new HarvestException($"{what}: GET {url} failed: {Describe(e)}{sent.GaveUp}", e);
        }
        catch (TimeoutRejectedException e)
        {
            var timeout = options.Value.RequestTimeout;
            throw new HarvestException($"{what}: GET {url} got no answer within {timeout}{sent.GaveUp}", e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
            throw new HarvestException(
                $"{what}: GET {url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}{sent.GaveUp}");
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        // The pipeline's timeout ends with the headers; a body that trickles in is bounded here.
        using var timeout = new CancellationTokenSource(options.Value.RequestTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await response.Content.ReadAsByteArrayAsync(linked.Token);
        }
        catch (OperationCanceledException) when
            (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the body of {url} did not arrive within {options.Value.RequestTimeout}");
        }
    }
}

/// <summary>Requests sent for one page, retries included.</summary>
public sealed class RequestCount
{
    private int value;

    public int Value => Volatile.Read(ref value);

    public void Add() => Interlocked.Increment(ref value);

    /// <summary>" (gave up after 6 requests)" for a failure message; nothing when there was only one request.</summary>
    public string GaveUp => Value > 1 ? $" (gave up after {Value} requests)" : "";
}
