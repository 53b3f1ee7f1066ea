using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DailyPapers.Features.Mail;

/// <summary>Sends over SMTP with MailKit: TLS/STARTTLS and authentication from <see cref="MailOptions"/>.</summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = new SmtpClient { Timeout = settings.SmtpTimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, settings.SmtpSecurity, cancellationToken);
            if (!string.IsNullOrEmpty(settings.SmtpUserName))
                await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? "", cancellationToken);
            return new Session(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Session(SmtpClient client) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
            {
                throw new PermanentMailException($"The SMTP server refused the message: {(int)e.StatusCode} {e.Message}", e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(quit: true);
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException)
            {
                // The messages are sent; a failed QUIT loses nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
