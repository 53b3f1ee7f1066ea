using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// Keeps requests to the sources at least <see cref="HarvestOptions.RequestInterval"/> apart, retries included,
/// across every client of the process (arXiv asks for one request every 3 seconds from a harvester).
/// </summary>
public sealed class RequestSpacing(IOptions<HarvestOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim turn = new(1, 1);
    private DateTimeOffset? last;

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            if (last is { } previous && previous
                + options.Value.RequestInterval - clock.GetUtcNow() is { Ticks: > 0 } wait)
                await Task.Delay(wait, clock, cancellationToken);
            last = clock.GetUtcNow();
        }
        finally
        {
            turn.Release();
        }
    }

    public void Dispose() => turn.Dispose();
}

/// <summary>The innermost handler of the harvest client: every attempt waits its turn, and is counted.</summary>
public sealed class PolitenessHandler(RequestSpacing spacing) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage>
        SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await spacing.WaitTurnAsync(cancellationToken);
        if (request.Options.TryGetValue(HarvestHttp.Count, out var sent)) sent.Add();
        return await base.SendAsync(request, cancellationToken);
    }
}
