using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Digests;

/// <summary>
/// Says once, when the site starts, that digests are not sent without <c>Instance:PublicUrl</c> (their links must be
/// absolute). The send job, due every few seconds, then skips quietly instead of repeating it.
/// </summary>
public sealed class DigestLinksCheck(IOptions<InstanceOptions> instance, ILogger<DigestLinksCheck> logger)
    : IHostedService
{
    public static bool CanSend(InstanceOptions instance) => !string.IsNullOrWhiteSpace(instance.PublicUrl);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!CanSend(instance.Value))
            logger.LogWarning("Digests are not sent: set Instance:PublicUrl so their links are absolute");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
