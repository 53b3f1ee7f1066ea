using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace DailyPapers.Tests.Community;

/// <summary>Limits of 2 per window, behind a reverse proxy in 10.0.0.0/8 (<c>Instance:TrustedProxies</c>).</summary>
public sealed class TrustedProxyFixture : CommunityFixture
{
    protected override int PermitLimit => 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Instance:TrustedProxies:0", "10.0.0.0/8");
    }
}

public sealed class TrustedProxyTests(TrustedProxyFixture app) : IClassFixture<TrustedProxyFixture>
{
    /// <summary>A sign-in POST (limited per address when signed out) arriving from <paramref name="remote"/>.</summary>
    private async Task<HttpStatusCode> SignInFromAsync(string remote, string? forwardedFor)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = "/account/sign-in";
            c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        return (HttpStatusCode)context.Response.StatusCode;
    }

    private async Task<List<HttpStatusCode>> ThreeAttemptsAsync(string remote, Func<int, string?> forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add(await SignInFromAsync(remote, forwardedFor(i)));
        return statuses;
    }

    // Within the limit the attempt is refused for its missing form token (400); over it, 429.
    private static readonly List<HttpStatusCode> TwoThenLimited =
        [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests];

    [Fact]
    public async Task Behind_a_trusted_proxy_each_visitor_counts_against_their_own_limit()
    {
        Assert.Equal(TwoThenLimited, await ThreeAttemptsAsync("10.1.2.3", _ => "203.0.113.5"));
        // Another visitor through the same proxy, and through a second proxy hop, still has attempts left.
        Assert.Equal(HttpStatusCode.BadRequest, await SignInFromAsync("10.1.2.3", "203.0.113.6"));
        Assert.Equal(HttpStatusCode.BadRequest, await SignInFromAsync("10.1.2.3", "203.0.113.7, 10.9.9.9"));
    }

    [Fact]
    public async Task Forwarded_headers_from_anyone_else_are_ignored()
    {
        // A direct visitor cannot get new attempts by claiming to be someone else each time.
        Assert.Equal(TwoThenLimited, await ThreeAttemptsAsync("198.51.100.7", i => $"203.0.113.{100 + i}"));
        // Through the proxy, a forged first hop is not believed past an untrusted address: the limit is that address's.
        Assert.Equal(TwoThenLimited, await ThreeAttemptsAsync("10.1.2.3", i => $"192.0.2.{i}, 198.51.100.8"));
    }
}
