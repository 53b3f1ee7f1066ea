namespace DailyPapers.Features.Community;

/// <summary>Every few minutes, moves pending submissions whose paper has arrived onto their day's list.</summary>
public sealed class PendingSubmissionPromoter(IServiceScopeFactory scopes, ILogger<PendingSubmissionPromoter> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var promoted =
                    await scope.ServiceProvider.GetRequiredService<Submissions>().PromotePendingAsync(stoppingToken);
                if (promoted > 0) logger.LogInformation("Promoted {Count} pending submissions to their daily lists",
                    promoted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Promoting pending submissions failed; trying again in {Interval}", Interval);
            }
        }
    }
}
