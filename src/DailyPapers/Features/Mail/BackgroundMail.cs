using System.Threading.Channels;

namespace DailyPapers.Features.Mail;

/// <summary>
/// Mails a request asks for but must not wait for. A form that mails only when an address has an account (a password
/// reset) would otherwise answer later for such addresses, by the time SMTP takes, and tell a stranger which addresses
/// are registered. Each item composes and sends in a scope of its own after the answer; a failure is logged. What is
/// queued when the site stops is still sent, within the host's shutdown timeout.
/// </summary>
public sealed class BackgroundMail(IServiceScopeFactory scopes, ILogger<BackgroundMail> logger) : BackgroundService
{
    /// <summary>Far above what the sign-in and sign-up rate limits let through; beyond it a mail is dropped,
    /// logged.</summary>
    private const int Capacity = 10_000;

    private readonly Channel<Func<IServiceProvider, CancellationToken, Task>> work =
        Channel.CreateBounded<Func<IServiceProvider, CancellationToken, Task>>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>Queues the work that composes and sends a mail, run with the services of a new scope.</summary>
    public void Enqueue(Func<IServiceProvider, CancellationToken, Task> send)
    {
        if (!work.Writer.TryWrite(send))
            logger.LogError("A mail was dropped: {Capacity} mails are already waiting to be sent", Capacity);
    }

    /// <summary>Queues a mail composed already.</summary>
    public void Enqueue(OutgoingMail mail) =>
        Enqueue((services, cancellationToken) =>
            services.GetRequiredService<MailSender>().SendAsync(mail, cancellationToken));

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        work.Writer.TryComplete(); // the loop sends what is queued, then ends
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var send in work.Reader.ReadAllAsync(CancellationToken.None))
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await send(scope.ServiceProvider, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "A queued mail could not be sent");
            }
        }
    }
}
