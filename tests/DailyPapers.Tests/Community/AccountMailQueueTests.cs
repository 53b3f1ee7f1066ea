using System.Net;
using DailyPapers.Features.Accounts;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace DailyPapers.Tests.Community;

/// <summary>
/// A password reset answers before any SMTP work: a form that waited for the server only when the address has an
/// account would tell a stranger, by its timing, which addresses are registered.
/// </summary>
public sealed class AccountMailQueueTests : IAsyncLifetime
{
    private SmtpSink smtp = null!;
    private SmtpFixture app = null!;

    public async Task InitializeAsync()
    {
        smtp = await SmtpSink.StartAsync();
        app = new SmtpFixture(smtp.Port);
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)app).DisposeAsync();
        await smtp.DisposeAsync();
    }

    [Fact]
    public async Task The_reset_form_answers_while_the_smtp_server_holds_the_mail_and_the_mail_arrives_after()
    {
        var user = await app.CreateUserAsync();
        var held = smtp.HoldAfter(0); // the SMTP server takes no mail until released

        var response = await ResetAsync(user.Email!);
        await held; // the mail is on its way, and the server is holding it ...
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // ... after the visitor had the answer
        Assert.Empty(smtp.Messages);

        smtp.Release();
        var mail = await smtp.WaitForAsync(m => m.To.ToString().Contains(user.Email!, StringComparison.Ordinal));
        Assert.Contains("https://papers.community.example/account/reset-password?userId=", mail.TextBody,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        var known = await app.CreateUserAsync();
        var unknown = await ResetAsync("nobody-here@example.org");
        var registered = await ResetAsync(known.Email!);

        foreach (var response in new[] { unknown, registered })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(ForgotPasswordModel.SentMessage, await response.Content.ReadAsStringAsync(),
                StringComparison.Ordinal);
        }
        // The queue sends in order: once the second request's mail is in, the first request's work is done.
        await smtp.WaitForAsync(m => m.To.ToString().Contains(known.Email!, StringComparison.Ordinal));
        Assert.DoesNotContain(smtp.Messages, m => m.To.ToString().Contains("nobody-here", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> ResetAsync(string email)
    {
        var client = app.BrowserClient();
        return await CommunityFixture.PostFormAsync(client, "/account/forgot-password", "/account/forgot-password",
            new Dictionary<string, string> { ["Email"] = email });
    }

    private sealed class SmtpFixture(int port) : CommunityFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Mail:SmtpHost", "127.0.0.1");
            builder.UseSetting("Mail:SmtpPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Mail:SmtpSecurity", "None");
        }
    }
}
