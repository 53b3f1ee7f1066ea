using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DailyPapers.Features.Mail;
using DailyPapers.Tests.Infrastructure;
using MailKit.Security;

namespace DailyPapers.Tests.Mail;

/// <summary>STARTTLS and authentication against a real SMTP server on loopback with a self-signed
/// certificate.</summary>
public sealed class SmtpTlsTests : IAsyncLifetime
{
    private readonly X509Certificate2 certificate = SelfSigned();
    private SmtpSink smtp = null!;

    public async Task InitializeAsync() => smtp =
        await SmtpSink.StartAsync(certificate, ("digests", "s3cret-for-tests"));

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        certificate.Dispose();
    }

    private MailOptions Options(string? pin, string password = "s3cret-for-tests") => new()
    {
        SmtpHost = "127.0.0.1", SmtpPort = smtp.Port, SmtpSecurity = SecureSocketOptions.StartTls,
            SmtpTimeoutSeconds = 10,
        SmtpUserName = "digests", SmtpPassword = password, SmtpCertificateSha256 = pin, From = "papers@example.org",
    };

    private static MailSender Sender(MailOptions options) =>
        new(new SmtpMailTransport(Microsoft.Extensions.Options.Options.Create(options)),
            Microsoft.Extensions.Options.Options.Create(options));

    private static OutgoingMail Mail(int i, string html = "<p>Hello</p>") =>
        new($"reader{i}@example.com", $"Digest {i}", html, "Hello");

    private string Pin() => string.Join(':',
        Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(c => new string(c)));

    [Fact]
    public async Task StartTls_with_the_pinned_certificate_and_a_login_delivers_every_message_of_a_session()
    {
        var sender = Sender(Options(Pin()));
        // Larger than the transport's 64 KB write buffer, so one message also goes out in several sends.
        var large = "<p>" + string.Concat(Enumerable.Repeat("Attention is all you need — ψ. ", 4_000)) + "</p>";

        await using (var session = await sender.OpenAsync(default))
        {
            for (var i = 0; i < 3; i++)
            {
                using var message = sender.Build(Mail(i, i == 1 ? large : "<p>Hello</p>"));
                await session.SendAsync(message, default);
            }
        }

        var received = await smtp.WaitForAsync(3);
        Assert.Equal(["Digest 0", "Digest 1", "Digest 2"], received.Select(m => m.Subject));
        Assert.Equal(large, received.ElementAt(1).HtmlBody);
        Assert.All(smtp.Senders, user => Assert.Equal("digests", user)); // the server only accepts a login over TLS
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_when_it_is_not_pinned()
    {
        await Assert.ThrowsAsync<SslHandshakeException>(() => Sender(Options(pin: null)).SendAsync(Mail(0), default));
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task A_certificate_other_than_the_pinned_one_is_refused()
    {
        var otherPin = Convert.ToHexString(SHA256.HashData("another certificate"u8));
        await Assert.ThrowsAsync<SslHandshakeException>(() => Sender(Options(otherPin)).SendAsync(Mail(0), default));
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_nothing_is_sent()
    {
        await Assert.ThrowsAsync<AuthenticationException>(() =>
            Sender(Options(Pin(), password: "wrong")).SendAsync(Mail(0), default));
        Assert.Empty(smtp.Messages);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=smtp.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5),
            DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12, so the private key is one SslStream can use on Linux.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
