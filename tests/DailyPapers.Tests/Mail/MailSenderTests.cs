using DailyPapers.Features.Mail;
using DailyPapers.Infrastructure;
using DailyPapers.Tests.Infrastructure;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer.Protocol;

namespace DailyPapers.Tests.Mail;

public sealed class MailSenderTests : IAsyncLifetime
{
    private SmtpSink smtp = null!;
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("dailypapers-mail-").FullName;

    public async Task InitializeAsync() => smtp = await SmtpSink.StartAsync();

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    private MailOptions SmtpOptions() => new()
    {
        SmtpHost = "127.0.0.1", SmtpPort = smtp.Port, SmtpSecurity = SecureSocketOptions.None, SmtpTimeoutSeconds = 10,
        From = "DailyPapers <papers@example.org>", ReplyTo = "editors@example.org",
    };

    private static MailSender Sender(MailOptions options, IMailTransport transport) =>
        new(transport, Options.Create(options));

    private MailSender SmtpSender() => Sender(SmtpOptions(), new SmtpMailTransport(Options.Create(SmtpOptions())));

    private static OutgoingMail Mail(string to = "reader@example.com") =>
        new(to, "Today's papers — Ψ and Ü", "<p>Hello <b>reader</b></p>", "Hello reader")
        {
            Headers = [new("List-Unsubscribe", "<https://papers.example/unsubscribe?t=abc>"),
                new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
        };

    [Fact]
    public async Task Mail_goes_over_smtp_as_utf8_multipart_alternative_with_configured_sender()
    {
        await SmtpSender().SendAsync(Mail(), default);

        var message = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("Today's papers — Ψ and Ü", message.Subject);
        Assert.Equal("papers@example.org", message.From.Mailboxes.Single().Address);
        Assert.Equal("editors@example.org", message.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("reader@example.com", message.To.Mailboxes.Single().Address);
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.NotEqual(default, message.Date);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.All(alternative.OfType<TextPart>(), p => Assert.Equal("utf-8", p.ContentType.Charset));
        Assert.Equal("<https://papers.example/unsubscribe?t=abc>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public async Task Without_smtp_mail_is_written_to_the_pickup_folder()
    {
        var options = new MailOptions { From = "papers@example.org" };
        var transport = new PickupFolderMailTransport(Options.Create(options),
            Options.Create(new InstanceOptions { DataDirectory = dataDirectory }),
            NullLogger<PickupFolderMailTransport>.Instance);

        await Sender(options, transport).SendAsync(Mail(), default);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(dataDirectory, "mail-pickup")));
        Assert.EndsWith(".eml", file, StringComparison.Ordinal);
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("Today's papers — Ψ and Ü", message.Subject);
        Assert.Equal("Hello reader", message.TextBody!.Trim());
    }

    [Fact]
    public async Task A_5xx_answer_is_a_permanent_failure()
    {
        smtp.FailNext(SmtpReplyCode.MailboxUnavailable);
        await Assert.ThrowsAsync<PermanentMailException>(() => SmtpSender().SendAsync(Mail(), default));
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task A_4xx_answer_is_transient_and_a_retry_succeeds()
    {
        smtp.FailNext(SmtpReplyCode.InsufficientStorage);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SmtpSender().SendAsync(Mail(), default));
        Assert.IsNotType<PermanentMailException>(error);

        await SmtpSender().SendAsync(Mail(), default);
        Assert.Single(await smtp.WaitForAsync(1));
    }

    [Fact]
    public async Task A_server_that_stops_answering_times_out_as_a_transient_failure_and_a_retry_succeeds()
    {
        var options = SmtpOptions();
        options.SmtpTimeoutSeconds = 1;
        var held = smtp.HoldAfter(0); // the server takes MAIL FROM and then says nothing
        var sending = Sender(options, new SmtpMailTransport(Options.Create(options))).SendAsync(Mail(), default);
        await held;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => sending.WaitAsync(Patience.HangGuard));
        Assert.Contains("sent nothing for 1000 ms", error.Message, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages);

        smtp.Release();
        await SmtpSender().SendAsync(Mail(), default);
        Assert.Single(await smtp.WaitForAsync(1));
    }

    [Fact]
    public async Task A_server_that_is_down_is_a_transient_failure()
    {
        var options = SmtpOptions();
        await smtp.DisposeAsync();
        smtp = await SmtpSink.StartAsync(); // a fresh server on another port; the old port now refuses connections
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            Sender(options, new SmtpMailTransport(Options.Create(options))).SendAsync(Mail(), default));
        Assert.IsNotType<PermanentMailException>(error);
    }

    [Theory]
    [InlineData("Subject\r\nBcc: victim@example.com")]
    [InlineData("Subject\nX-Injected: yes")]
    public async Task Line_breaks_in_headers_are_rejected_as_injection(string subject)
    {
        var error = await Assert.ThrowsAsync<PermanentMailException>(() =>
            SmtpSender().SendAsync(Mail() with { Subject = subject }, default));
        Assert.Contains("line break", error.Message, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages);
    }

    [Theory]
    [InlineData("reader@example.com", true, "")]
    [InlineData("  Reader@Example.COM ", true, "")]
    [InlineData("", false, "Enter an email address.")]
    [InlineData("not-an-address", false, "'not-an-address' is not a valid email address.")]
    [InlineData("a@b", false, "'a@b' is not a valid email address.")]
    [InlineData("Eve <eve@example.com>", false, "An email address cannot contain spaces or line breaks.")]
    [InlineData("eve@example.com\r\nBcc: x@example.com", false,
        "An email address cannot contain spaces or line breaks.")]
    [InlineData("a,b@example.com", false, "'a,b@example.com' is not a valid email address.")]
    public void Addresses_are_validated_with_a_clear_message(string input, bool valid, string error)
    {
        Assert.Equal(valid, MailAddresses.TryNormalize(input, out var address, out var message));
        Assert.Equal(error, message);
        if (valid) Assert.Equal("reader@example.com", address);
    }

    [Fact]
    public void An_overlong_address_is_rejected()
    {
        Assert.False(MailAddresses.TryNormalize(new string('a', 250) + "@x.org", out _, out var error));
        Assert.Equal("An email address can have at most 254 characters.", error);
    }
}
