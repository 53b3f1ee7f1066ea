using System.Net;
using DailyPapers.Infrastructure;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Community;

/// <summary>
/// The community instance without <c>Instance:PublicUrl</c>, on Kestrel at 127.0.0.1 (a port of its own): the
/// address it listens on names the site.
/// </summary>
public sealed class ListeningAddressFixture : CommunityFixture
{
    public ListeningAddressFixture() => UseKestrel(0);

    public override string? PublicUrl => null;

    public string ListeningUrl => ClientOptions.BaseAddress.ToString().TrimEnd('/');

    /// <summary>A plain HTTP client to the listening address, with cookies and without following redirects.</summary>
    public HttpClient RealClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = ClientOptions.BaseAddress };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }
}

/// <summary>
/// The community instance without <c>Instance:PublicUrl</c> on the in-memory test server, which listens on no
/// address: nothing names the site, as behind a wildcard bind (0.0.0.0). Its warnings and errors are kept.
/// </summary>
public sealed class NoAddressFixture : CommunityFixture
{
    public LogCollector Logs { get; } = new();

    public override string? PublicUrl => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>Links that leave the site (mail, feeds, API JSON, OpenAPI) never come from the Host header.</summary>
public static class SiteAddress
{
    public const string Evil = "evil.example";

    /// <summary>Pages, feeds and documents that print absolute links to the site, and a sign-in redirect.</summary>
    public static readonly string[] LinkingPages =
    [
        "/papers/feed.xml", "/papers/feed.xml?format=atom", "/api/daily_papers",
        $"/api/papers/{CommunityFixture.Fresh(1)}", $"/papers/{CommunityFixture.Fresh(1)}", "/docs/api",
        "/openapi/v1.json", "/account/settings",
    ];

    /// <summary>Neither the body nor a redirect of any linking page names the Host the request gave.</summary>
    public static async Task AssertNoPageNamesTheHostAsync(HttpClient client, Action<HttpRequestMessage> forge)
    {
        foreach (var path in LinkingPages)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            forge(request);
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {response}");
            Assert.DoesNotContain(Evil, body + response.Headers.Location, StringComparison.Ordinal);
        }
    }

    /// <summary>A client whose requests say <c>Host: evil.example</c> (the in-memory server reads the URL).</summary>
    public static HttpClient ForgedClient(CommunityFixture app) =>
        app.CreateClient(new() { BaseAddress = new Uri($"http://{Evil}"), AllowAutoRedirect = false });
}

[Collection(CommunityCollection.Name)]
public sealed class PublicUrlLinkTests(CommunityFixture app)
{
    [Fact]
    public async Task A_reset_link_uses_the_public_url_whatever_the_Host_header_says()
    {
        var user = await app.CreateUserAsync();
        var response = await CommunityFixture.PostFormAsync(SiteAddress.ForgedClient(app), "/account/forgot-password",
            "/account/forgot-password", new() { ["Email"] = user.Email! });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = CommunityFixture.LinkIn(await app.MailAsync(user.Email!, "Reset your password"));
        Assert.StartsWith(app.PublicUrl + "/account/reset-password?", link, StringComparison.Ordinal);
    }
}

public sealed class ListeningAddressLinkTests(ListeningAddressFixture app) : IClassFixture<ListeningAddressFixture>
{
    [Fact]
    public async Task A_reset_link_uses_the_listening_address_whatever_the_Host_header_says()
    {
        Assert.StartsWith("http://127.0.0.1:", app.ListeningUrl, StringComparison.Ordinal);
        var user = await app.CreateUserAsync();
        var client = app.RealClient();
        var form = await client.GetStringAsync("/account/forgot-password");
        var fields = new Dictionary<string, string>
        {
            ["Email"] = user.Email!, ["__RequestVerificationToken"] = CommunityFixture.FormToken(form),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/forgot-password")
        {
            Content = new FormUrlEncodedContent(fields),
        };
        request.Headers.Host = SiteAddress.Evil;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        var link = CommunityFixture.LinkIn(await app.MailAsync(user.Email!, "Reset your password"));
        Assert.StartsWith(app.ListeningUrl + "/account/reset-password?", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_feeds_and_the_API_link_to_the_listening_address_whatever_the_Host_header_says()
    {
        var client = app.RealClient();
        await SiteAddress.AssertNoPageNamesTheHostAsync(client, request => request.Headers.Host = SiteAddress.Evil);
        var feed = await client.GetStringAsync("/papers/feed.xml");
        var link = $"<link>{app.ListeningUrl}/papers/{CommunityFixture.Fresh(1)}</link>";
        Assert.Contains(link, feed, StringComparison.Ordinal);
    }
}

public sealed class NoAddressLinkTests(NoAddressFixture app) : IClassFixture<NoAddressFixture>
{
    [Fact]
    public async Task Forms_that_mail_a_link_are_refused_with_a_message_and_a_logged_error()
    {
        var user = await app.CreateUserAsync();
        var client = SiteAddress.ForgedClient(app);
        var name = app.NewName("no");
        var forms = new (string Page, Dictionary<string, string> Fields)[]
        {
            ("/account/forgot-password", new() { ["Email"] = user.Email! }),
            ("/account/forgot-password", new() { ["Email"] = "nobody@example.org" }),
            ("/account/sign-up",
                new() { ["UserName"] = name, ["Email"] = $"{name}@example.org", ["Password"] = "Long enough 42" }),
            ("/subscribe", new() { ["Input.Email"] = $"{name}@example.org", ["Input.Frequency"] = "Daily" }),
        };
        foreach (var (page, fields) in forms)
        {
            var response = await CommunityFixture.PostFormAsync(client, page, page, fields);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains(SiteUrls.MailRefused, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, app.MailCount);
        Assert.Null(await app.WithDbAsync(db => db.Users.FirstOrDefaultAsync(u => u.UserName == name)));
        var errors = app.Logs.Entries.Count(e => e.Level == LogLevel.Error
            && e.Message.Contains("Instance:PublicUrl is not set", StringComparison.Ordinal));
        Assert.Equal(forms.Length, errors);
    }

    [Fact]
    public async Task Pages_feeds_and_the_API_link_relatively_and_the_missing_address_is_said_once()
    {
        var client = SiteAddress.ForgedClient(app);
        await SiteAddress.AssertNoPageNamesTheHostAsync(client, _ => { });
        var feed = await client.GetStringAsync("/papers/feed.xml");
        Assert.Contains($"<link>/papers/{CommunityFixture.Fresh(1)}</link>", feed, StringComparison.Ordinal);

        Assert.Single(app.Logs.Entries, e => e.Level == LogLevel.Warning
            && e.Message.StartsWith("Instance:PublicUrl is not set", StringComparison.Ordinal));
    }
}

/// <summary>Which listening addresses can name the site in a link.</summary>
public sealed class ListeningAddressNamingTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000", "http://localhost:5000")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080")]
    [InlineData("http://0.0.0.0:8080", null)]
    [InlineData("http://[::]:8080", null)]
    [InlineData("http://*:8080", null)]
    [InlineData("http://+:8080", null)]
    [InlineData("http://unix:/run/dailypapers.sock", null)]
    [InlineData("http://0.0.0.0:80;https://papers.example.org:443", "https://papers.example.org")]
    [InlineData("http://127.0.0.1:5000;https://127.0.0.1:5001", "https://127.0.0.1:5001")]
    public void Only_an_address_with_a_concrete_host_names_the_site(string addresses, string? expected) =>
        Assert.Equal(expected, SiteUrls.Naming(addresses.Split(';')));
}
