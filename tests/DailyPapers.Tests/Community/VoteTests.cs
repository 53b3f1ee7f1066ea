using System.Net;
using System.Net.Http.Json;

namespace DailyPapers.Tests.Community;

[Collection(CommunityCollection.Name)]
public sealed class VoteTests(CommunityFixture app)
{
    private sealed record VoteJson(bool Upvoted, int Upvotes);

    [Fact]
    public async Task Two_hundred_users_voting_at_once_give_exactly_two_hundred_votes()
    {
        var paper = CommunityFixture.Fresh(4);
        var clients = new List<HttpClient>();
        for (var i = 0; i < 200; i++) clients.Add(app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync(app.NewName("crowd"), withPassword: false))));

        var responses = await Task.WhenAll(clients.Select(c => c.PostAsync($"/api/papers/{paper}/upvote", null)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal((200, 0, 200), await app.CountsAsync(paper));
    }

    [Fact]
    public async Task One_user_racing_with_itself_ends_with_one_vote_and_then_none()
    {
        var paper = CommunityFixture.Fresh(2); // imported 20 upvotes
        var client = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsync($"/api/papers/{paper}/upvote", null)));
        Assert.Equal((21, 20, 1), await app.CountsAsync(paper));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.DeleteAsync($"/api/papers/{paper}/upvote")));
        Assert.Equal((20, 20, 0), await app.CountsAsync(paper));
    }

    [Fact]
    public async Task Mixed_concurrent_votes_and_unvotes_keep_the_count_equal_to_the_rows()
    {
        var paper = CommunityFixture.Fresh(5);
        var clients = new List<HttpClient>();
        for (var i = 0; i < 20; i++) clients.Add(app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync(app.NewName("mixed"), withPassword: false))));

        await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, 5).Select(i =>
            i % 2 == 0 ? c.PostAsync($"/api/papers/{paper}/upvote", null) : c.DeleteAsync($"/api/papers/{paper}/upvote"))));

        var (shown, imported, rows) = await app.CountsAsync(paper);
        Assert.Equal(imported + rows, shown);
    }

    [Fact]
    public async Task The_api_answers_the_vote_state_and_the_paper_json_carries_the_count()
    {
        var paper = CommunityFixture.Fresh(6);
        var client = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));

        Assert.Equal(new VoteJson(true, 1), await (await client.PostAsync($"/api/papers/{paper}/upvote", null)).Content.ReadFromJsonAsync<VoteJson>());
        Assert.Equal(new VoteJson(true, 1), await (await client.PostAsync($"/api/papers/{paper}/upvote", null)).Content.ReadFromJsonAsync<VoteJson>());
        var json = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/papers/{paper}");
        Assert.Equal(1, json.GetProperty("upvotes").GetInt32());
        Assert.Equal(new VoteJson(false, 0), await (await client.DeleteAsync($"/api/papers/{paper}/upvote")).Content.ReadFromJsonAsync<VoteJson>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/papers/9999.99999/upvote", null)).StatusCode);
    }

    [Fact]
    public async Task The_vote_button_works_as_a_plain_form_post_and_by_fetch()
    {
        var paper = CommunityFixture.Fresh(7);
        var client = await app.SignedInAsync(await app.CreateUserAsync());

        var response = await CommunityFixture.PostFormAsync(client, $"/papers/{paper}", $"/papers/{paper}/vote",
            new() { ["upvote"] = "true", ["returnUrl"] = $"/papers/{paper}" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/papers/{paper}", response.Headers.Location?.OriginalString);
        var page = await client.GetStringAsync($"/papers/{paper}");
        Assert.Contains("aria-pressed=\"true\"", page, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/papers/{paper}/vote");
        request.Headers.Accept.ParseAdd("application/json");
        var html = await client.GetStringAsync($"/papers/{paper}");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["upvote"] = "false" });
        var json = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<VoteJson>();
        Assert.Equal(new VoteJson(false, 0), json);
    }

    [Fact]
    public async Task Forbidden_votes_change_nothing()
    {
        var paper = CommunityFixture.Fresh(8);
        var anonymous = app.BrowserClient();

        // Anonymous form post: sent to sign in.
        var response = await CommunityFixture.PostFormAsync(anonymous, $"/papers/{paper}", $"/papers/{paper}/vote", new() { ["upvote"] = "true", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // Signed in, but without the antiforgery token.
        var signedIn = await app.SignedInAsync(await app.CreateUserAsync());
        response = await signedIn.PostAsync($"/papers/{paper}/vote", new FormUrlEncodedContent(new Dictionary<string, string> { ["upvote"] = "true" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        // The API without a token, with a cookie instead of a token, and with a revoked or made-up token.
        var noToken = app.CreateClient();
        response = await noToken.PostAsync($"/api/papers/{paper}/upvote", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("personal access token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.PostAsync($"/api/papers/{paper}/upvote", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient("dp_made-up").PostAsync($"/api/papers/{paper}/upvote", null)).StatusCode);

        Assert.Equal((0, 0, 0), await app.CountsAsync(paper));
    }
}
