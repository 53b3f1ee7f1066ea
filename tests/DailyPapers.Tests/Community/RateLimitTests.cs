using System.Net;

namespace DailyPapers.Tests.Community;

/// <summary>An instance whose limits are 2 requests per window, to see the 429 and its Retry-After.</summary>
public sealed class RateLimitFixture : CommunityFixture
{
    protected override int PermitLimit => 2;
}

public sealed class RateLimitTests(RateLimitFixture app) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task Votes_over_the_limit_get_429_with_retry_after_and_change_nothing()
    {
        var api = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));
        var paper = CommunityFixture.Fresh(4);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/papers/{paper}/upvote", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/api/papers/{paper}/upvote")).StatusCode);
        var limited = await api.PostAsync($"/api/papers/{paper}/upvote", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await app.CountsAsync(paper));
    }

    [Fact]
    public async Task Sign_in_attempts_over_the_limit_get_the_error_page_with_the_wait()
    {
        var client = app.BrowserClient();
        HttpResponseMessage response = null!;
        for (var i = 0; i < 3; i++)
            response = await PostFormAsync(client, "/account/sign-in",
                new() { ["Login"] = "someone", ["Password"] = "Whatever 1234" });
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("Too many requests: please wait", await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comments_and_submissions_over_the_limit_get_429()
    {
        var api = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await api.PostAsync($"/api/papers/{CommunityFixture.Fresh(5)}/comments",
                System.Net.Http.Json.JsonContent.Create(new { comment = $"c{i}" }))).StatusCode);
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        statuses.Clear();
        for (var i = 0; i < 3; i++)
            statuses.Add((await api.PostAsync("/api/papers/submit",
                System.Net.Http.Json.JsonContent.Create(new { paperId = "bad" }))).StatusCode);
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Collection_writes_over_the_limit_get_429_and_reads_are_not_counted()
    {
        var user = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(user));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var body = System.Net.Http.Json.JsonContent.Create(new { title = $"Limited {i}" });
            statuses.Add((await api.PostAsync("/api/collections", body)).StatusCode);
            statuses.Add((await api.GetAsync($"/api/collections?owner={user.UserName}")).StatusCode);
        }
        HttpStatusCode[] expected = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK,
            HttpStatusCode.TooManyRequests, HttpStatusCode.OK];
        Assert.Equal(expected, statuses);
    }

    // The sign-in page itself (a GET) is not limited, so each attempt can fetch a fresh form.
    private static Task<HttpResponseMessage>
        PostFormAsync(HttpClient client, string page, Dictionary<string, string> fields) =>
        CommunityFixture.PostFormAsync(client, page, page, fields);
}
