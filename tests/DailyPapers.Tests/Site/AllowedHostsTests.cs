using System.Net;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace DailyPapers.Tests.Site;

/// <summary>What the README recommends in production: AllowedHosts naming the site turns other Host headers
/// away.</summary>
public sealed class AllowedHostsTests : IAsyncLifetime
{
    private readonly NamedSite app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)app).DisposeAsync();

    [Theory]
    [InlineData("papers.example.org", HttpStatusCode.OK)]
    [InlineData("PAPERS.example.org", HttpStatusCode.OK)]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("papers.example.org.evil.example", HttpStatusCode.BadRequest)]
    public async Task Only_the_configured_host_names_are_answered(string host, HttpStatusCode expected)
    {
        using var client = app.CreateClient();
        foreach (var path in new[] { "/", "/account/forgot-password", "/api/daily_papers" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    private sealed class NamedSite : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("AllowedHosts", "papers.example.org");
        }
    }
}
