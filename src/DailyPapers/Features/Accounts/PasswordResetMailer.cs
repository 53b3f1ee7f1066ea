using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// Password-reset requests, handled after the response: looking the address up and mailing its owner happen here, so
/// the request does the same work whether or not the address has an account. Sending inside the request made a known
/// address wait for the SMTP server and an unknown one not, which told them apart. A request still queued when the
/// node stops is lost: the visitor asks again.
/// </summary>
public sealed class PasswordResetMailer(IServiceScopeFactory scopes, ILogger<PasswordResetMailer> logger) : BackgroundService
{
    private const int Capacity = 1_000;

    private readonly Channel<(string Email, string BaseUrl)> requests = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues a reset for <paramref name="email"/> (normalized); returns at once whatever the address.</summary>
    public void Enqueue(string email, string baseUrl)
    {
        if (!requests.Writer.TryWrite((email, baseUrl)))
            logger.LogWarning("Password-reset queue full ({Capacity}): a request was dropped.", Capacity);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (email, baseUrl) in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(email, baseUrl, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "A password-reset mail could not be sent.");
            }
        }
    }

    private async Task SendAsync(string email, string baseUrl, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        if (await users.FindByEmailAsync(email) is { EmailConfirmed: true } user)
            await scope.ServiceProvider.GetRequiredService<AccountEmails>().SendPasswordResetAsync(user, baseUrl, cancellationToken);
    }
}
