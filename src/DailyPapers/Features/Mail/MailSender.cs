using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Mail;

/// <summary>The one way the app sends mail (account emails, digest confirmations, digests).</summary>
public sealed class MailSender(IMailTransport transport, IOptions<MailOptions> options)
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var message = MimeBuilder.Build(mail, options.Value);
        await using var session = await transport.OpenAsync(cancellationToken);
        await session.SendAsync(message, cancellationToken);
    }

    /// <summary>Opens a session for sending many messages over one connection.</summary>
    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken) => transport.OpenAsync(cancellationToken);

    public MimeKit.MimeMessage Build(OutgoingMail mail) => MimeBuilder.Build(mail, options.Value);

    public MimeKit.MimeMessage Build(EncodedMail mail) => MimeBuilder.Build(mail, options.Value);
}
