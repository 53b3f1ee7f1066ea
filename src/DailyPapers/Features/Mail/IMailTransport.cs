using MimeKit;

namespace DailyPapers.Features.Mail;

/// <summary>
/// Where mail goes: an SMTP server (<see cref="SmtpMailTransport"/>) or the pickup folder
/// (<see cref="PickupFolderMailTransport"/>). A session carries one connection for a batch of messages.
/// </summary>
public interface IMailTransport
{
    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

public interface IMailSession : IAsyncDisposable
{
    /// <summary>
    /// Sends one message. Throws <see cref="PermanentMailException"/> when the server refuses it for good (5xx);
    /// any other exception is transient (4xx, timeout, connection lost) and the message can be retried.
    /// </summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
