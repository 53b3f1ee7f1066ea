using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
        if (settings.SmtpCertificateSha256 is { Length: > 0 } pinned)
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None
                || IsPinned(certificate, pinned);
        Stream? stream = null;
        try
        {
            stream = new CoalescingNetworkStream(await ConnectSocketAsync(settings, cancellationToken));
            await client.ConnectAsync(stream, settings.SmtpHost!, settings.SmtpPort, settings.SmtpSecurity,
                cancellationToken);
            if (!string.IsNullOrEmpty(settings.SmtpUserName))
                await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? "", cancellationToken);
            // SIZE lets a server refuse a message before it is sent, and CHUNKING (BDAT) sends it in sized chunks; ours
            // are tens of kilobytes, and either one makes MailKit serialize every message twice, once only to count its
            // bytes. Both are optional extensions (RFC 1870, RFC 3030); DATA works with every server.
            client.Capabilities &= ~(SmtpCapabilities.Size | SmtpCapabilities.Chunking);
            return new Session(client);
        }
        catch
        {
            client.Dispose();
            stream?.Dispose(); // the socket, when MailKit did not take it over
            throw;
        }
    }

    /// <summary>The pinned certificate stands in for a trusted chain and a matching name: it names this very
    /// server.</summary>
    private static bool IsPinned(X509Certificate? certificate, string sha256) =>
        certificate is not null && Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()))
            .Equals(sha256.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A socket with Nagle's algorithm off: SMTP is small commands waiting for replies, and with Nagle on each
    /// one can wait for the peer's delayed ACK (~40 ms), capping a batch at a few dozen messages a second.
    /// </summary>
    private static async Task<System.Net.Sockets.Socket>
        ConnectSocketAsync(MailOptions settings, CancellationToken cancellationToken)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream,
            System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.SmtpTimeoutSeconds));
            await socket.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
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
                throw new
                    PermanentMailException($"The SMTP server refused the message: {(int)e.StatusCode} {e.Message}", e);
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
