using System.Net;
using System.Net.Http.Json;
using DailyPapers.Features.Community;
using DailyPapers.Tests.Harvest;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Submitting a paper this instance does not know: fetched from the arXiv API (a loopback stand-in) at
/// once.</summary>
public sealed class SubmitFromArxivTests : IAsyncLifetime
{
    private FixtureServer arxiv = null!;
    private ArxivCommunityFixture app = null!;

    public async Task InitializeAsync()
    {
        arxiv = await FixtureServer.StartAsync();
        app = new ArxivCommunityFixture(arxiv.BaseUrl + "/api/query");
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)app).DisposeAsync();
        await arxiv.DisposeAsync();
    }

    private static string AtomEntry(string id, DateTime published) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title type="html">ArXiv Query: id_list={id}</title>
          <id>http://arxiv.org/api/test</id>
          <updated>{published:yyyy-MM-ddTHH:mm:ssZ}</updated>
          <entry>
            <id>http://arxiv.org/abs/{id}v1</id>
            <updated>{published:yyyy-MM-ddTHH:mm:ssZ}</updated>
            <published>{published:yyyy-MM-ddTHH:mm:ssZ}</published>
            <title>A paper fetched on submission</title>
            <summary>Fetched from the arXiv API when it was submitted.
              Code: https://github.com/example/fetched</summary>
            <author><name>Grace Hopper</name></author>
            <link href="http://arxiv.org/abs/{id}v1" rel="alternate" type="text/html"/>
            <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL"
              scheme="http://arxiv.org/schemas/atom"/>
            <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
          </entry>
        </feed>
        """;

    [Fact]
    public async Task An_unknown_paper_is_fetched_from_arxiv_and_featured_today()
    {
        var id = CommunityFixture.Fresh(501);
        arxiv.Respond = context => FixtureServer.Xml(context, AtomEntry(id, DateTime.UtcNow.AddDays(-1)));
        var user = await app.CreateUserAsync();
        var client = app.ApiClient(await app.TokenForAsync(user));

        var response = await client.PostAsJsonAsync("/api/papers/submit", new { paperId = id });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains($"id_list={id}", Assert.Single(arxiv.Requests), StringComparison.Ordinal);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.True(await app.WithDbAsync(db => db.DailyEntries.AnyAsync(e => e.PaperId == id && e.Date == today)));
        Assert.Equal("https://github.com/example/fetched",
            await app.WithDbAsync(db => db.Papers.Where(p => p.Id == id).Select(p => p.GithubRepo).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.PendingSubmissions.CountAsync()));
    }

    [Fact]
    public async Task When_arxiv_fails_the_submission_stays_pending_and_is_fetched_later()
    {
        var id = CommunityFixture.Fresh(502);
        arxiv.Respond = context => { context.Response.StatusCode =
            StatusCodes.Status503ServiceUnavailable; return Task.CompletedTask; };
        var user = await app.CreateUserAsync();
        var client = app.ApiClient(await app.TokenForAsync(user));

        var response = await client.PostAsJsonAsync("/api/papers/submit", new { paperId = id });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.PendingSubmissions.CountAsync(p => p.PaperId == id)));

        arxiv.Respond = context => FixtureServer.Xml(context, AtomEntry(id, DateTime.UtcNow.AddDays(-1)));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<Submissions>().PromotePendingAsync(default));
        Assert.True(await app.WithDbAsync(db => db.DailyEntries.AnyAsync(e => e.PaperId == id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.PendingSubmissions.CountAsync()));
    }

    [Fact]
    public async Task An_unknown_paper_too_old_by_its_id_is_refused_without_asking_arxiv()
    {
        arxiv.Respond = context => FixtureServer.Xml(context, AtomEntry("2301.54321", DateTime.UtcNow.AddDays(-1)));
        var user = await app.CreateUserAsync();
        var client = app.ApiClient(await app.TokenForAsync(user));

        var response = await client.PostAsJsonAsync("/api/papers/submit", new { paperId = "2301.54321" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("This paper was published in January 2023: only papers from the last 14 days can be submitted.",
            json.GetProperty("error").GetString());
        Assert.Empty(arxiv.Requests);
        Assert.Equal(0, await app.WithDbAsync(db => db.PendingSubmissions.CountAsync()));
    }

    private sealed class ArxivCommunityFixture(string arxivEndpoint) : CommunityFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Harvest:ArxivApiEndpoint", arxivEndpoint);
        }
    }
}
