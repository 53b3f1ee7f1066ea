namespace DailyPapers.Tests.Infrastructure;

/// <summary>Waits for a condition by checking it again and again, up to a timeout: never a fixed sleep.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<T?> probe, TimeSpan? timeout = null) where T : class =>
        await UntilAsync(() => Task.FromResult(probe()), timeout);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null) where T : class
    {
        using var cancel = new CancellationTokenSource(timeout ?? Patience.HangGuard);
        while (true)
        {
            if (await probe() is { } found) return found;
            try { await Task.Delay(25, cancel.Token); }
            catch (OperationCanceledException)
                { throw new TimeoutException("The awaited condition did not happen in time."); }
        }
    }
}
