using System.Net;
using System.Net.Sockets;
using DailyPapers.Features.Accounts;
using Microsoft.AspNetCore.Hosting;

namespace DailyPapers.Tests.Community;

/// <summary>An instance whose SMTP server accepts connections and then never answers.</summary>
public sealed class SilentSmtpFixture : CommunityFixture
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> held = [];
    private int connections;

    public SilentSmtpFixture()
    {
        listener.Start();
        _ = AcceptForeverAsync();
    }

    /// <summary>How many connections the site opened to the SMTP server so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:SmtpHost", "127.0.0.1");
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        builder.UseSetting("Mail:SmtpPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:SmtpSecurity", "None");
        builder.UseSetting("Mail:SmtpTimeoutSeconds", "600");
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync();
                lock (held) held.Add(client); // kept open, never greeted
                Interlocked.Increment(ref connections);
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    protected override async Task DisposeFixtureAsync()
    {
        await base.DisposeFixtureAsync();
        listener.Stop();
        lock (held) held.ForEach(c => c.Dispose());
    }
}

/// <summary>
/// A password reset for a known address and for an unknown one answer alike, and neither waits for the mail: the
/// request used to send the mail itself for a known address only, so a slow SMTP server told the two apart.
/// </summary>
public sealed class PasswordResetTests(SilentSmtpFixture app) : IClassFixture<SilentSmtpFixture>
{
    /// <summary>Far below the SMTP timeout (600 s): a request that waits for the mail cannot answer within it.</summary>
    private static readonly TimeSpan WellBeforeSmtpGivesUp = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_reset_request_answers_without_waiting_for_the_smtp_server_whether_or_not_the_address_is_known()
    {
        var user = await app.CreateUserAsync();
        var client = app.BrowserClient();
        client.Timeout = WellBeforeSmtpGivesUp;

        var unknown = await CommunityFixture.PostFormAsync(client, "/account/forgot-password", "/account/forgot-password",
            new() { ["Email"] = "nobody-at-all@example.org" });
        var known = await CommunityFixture.PostFormAsync(client, "/account/forgot-password", "/account/forgot-password",
            new() { ["Email"] = user.Email! });

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Contains(ForgotPasswordModel.SentMessage, await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(ForgotPasswordModel.SentMessage, await known.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The known address's mail is on its way, to a server that has not answered: the answer did not wait for it.
        await Infrastructure.Poll.UntilAsync(() => app.Connections > 0 ? "connected" : null);
        Assert.Equal(1, app.Connections);
    }
}
