using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DailyPapers.Features.Community;
using DailyPapers.Features.Papers;

namespace DailyPapers.Tests.Community;

[Collection(CommunityCollection.Name)]
public sealed partial class VoteTests(CommunityFixture app)
{
    private sealed record VoteJson(bool Upvoted, int Upvotes);

    [Fact]
    public async Task Two_hundred_users_voting_at_once_give_exactly_two_hundred_votes()
    {
        var paper = CommunityFixture.Fresh(4);
        var clients = new List<HttpClient>();
        for (var i = 0; i < 200; i++) clients.Add(app.ApiClient(await
            app.TokenForAsync(await app.CreateUserAsync(app.NewName("crowd"), withPassword: false))));

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
        for (var i = 0; i < 20; i++) clients.Add(app.ApiClient(await
            app.TokenForAsync(await app.CreateUserAsync(app.NewName("mixed"), withPassword: false))));

        await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, 5).Select(i =>
            i % 2 == 0 ? c.PostAsync($"/api/papers/{paper}/upvote", null)
                : c.DeleteAsync($"/api/papers/{paper}/upvote"))));

        var (shown, imported, rows) = await app.CountsAsync(paper);
        Assert.Equal(imported + rows, shown);
    }

    [Fact]
    public async Task The_api_answers_the_vote_state_and_the_paper_json_carries_the_count()
    {
        var paper = CommunityFixture.Fresh(6);
        var client = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));

        Assert.Equal(new VoteJson(true, 1),
            await (await client.PostAsync($"/api/papers/{paper}/upvote", null)).Content.ReadFromJsonAsync<VoteJson>());
        Assert.Equal(new VoteJson(true, 1),
            await (await client.PostAsync($"/api/papers/{paper}/upvote", null)).Content.ReadFromJsonAsync<VoteJson>());
        var json = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/papers/{paper}");
        Assert.Equal(1, json.GetProperty("upvotes").GetInt32());
        Assert.Equal(new VoteJson(false, 0),
            await (await client.DeleteAsync($"/api/papers/{paper}/upvote")).Content.ReadFromJsonAsync<VoteJson>());
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PostAsync("/api/papers/9999.99999/upvote", null)).StatusCode);
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
        var token = System.Text.RegularExpressions.Regex.Match(html,
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        request.Content = new FormUrlEncodedContent(new Dictionary<string,
            string> { ["__RequestVerificationToken"] = token, ["upvote"] = "false" });
        var json = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<VoteJson>();
        Assert.Equal(new VoteJson(false, 0), json);
    }

    [Fact]
    public async Task Vote_buttons_show_the_users_votes_reading_only_those_on_the_papers_of_the_page()
    {
        // A long voting history on papers elsewhere, and votes on two of the three papers of yesterday's list.
        var user = await app.CreateUserAsync();
        var history = Enumerable.Range(0, 300).Select(i => $"2302.{80000 + i:00000}").ToList();
        await app.ImportAsync([.. history.Select(id =>
            new PaperRecord { Id = id, Title = $"Voted on {id}", Abstract = "", Origin = id })]);
        await app.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.Votes.AddRange(history.Select(id => new Vote { UserId = user.Id, PaperId = id, CreatedAt = now }));
            return await db.SaveChangesAsync();
        });
        var api = app.ApiClient(await app.TokenForAsync(user));
        foreach (var paper in new[] { CommunityFixture.Fresh(1), CommunityFixture.Fresh(3) })
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/papers/{paper}/upvote", null)).StatusCode);
        var client = await app.SignedInAsync(user);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        app.RowsRead.Start();
        var page = await client.GetStringAsync($"/papers/date/{yesterday}");
        var rows = app.RowsRead.From("votes");

        var pressed = VoteButton().Matches(page)
            .ToDictionary(m => m.Groups["id"].Value, m => m.Groups["pressed"].Value == "true");
        Assert.True(pressed[CommunityFixture.Fresh(1)]);
        Assert.False(pressed[CommunityFixture.Fresh(2)]);
        Assert.True(pressed[CommunityFixture.Fresh(3)]);
        Assert.InRange(rows, 1, pressed.Count + 1); // the two votes shown (the old code read all 302)

        // A paper's own page asks about that paper alone.
        app.RowsRead.Start();
        var paperPage = await client.GetStringAsync($"/papers/{history[7]}");
        Assert.Equal("true", VoteButton().Match(paperPage).Groups["pressed"].Value);
        Assert.InRange(app.RowsRead.From("votes"), 1, 2);
    }

    [GeneratedRegex("action=\"/papers/(?<id>[^\"/]+)/vote\"[\\s\\S]*?aria-pressed=\"(?<pressed>true|false)\"")]
    private static partial Regex VoteButton();

    [Fact]
    public async Task Forbidden_votes_change_nothing()
    {
        var paper = CommunityFixture.Fresh(8);
        var anonymous = app.BrowserClient();

        // A signed-out page has a link to sign in, not a form; a post with a valid token (of the sign-in page) is
        // sent to sign in too.
        var signedOut = await anonymous.GetStringAsync($"/papers/{paper}");
        Assert.Contains($"href=\"/account/sign-in?ReturnUrl=%2Fpapers%2F{paper}\"", signedOut,
            StringComparison.Ordinal);
        var response = await CommunityFixture.PostFormAsync(anonymous, "/account/sign-in", $"/papers/{paper}/vote",
            new() { ["upvote"] = "true", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // Signed in, but without the antiforgery token.
        var signedIn = await app.SignedInAsync(await app.CreateUserAsync());
        response = await signedIn.PostAsync($"/papers/{paper}/vote",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["upvote"] = "true" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        // The API without a token, with a cookie instead of a token, and with a revoked or made-up token.
        var noToken = app.CreateClient();
        response = await noToken.PostAsync($"/api/papers/{paper}/upvote", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("personal access token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await signedIn.PostAsync($"/api/papers/{paper}/upvote", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.ApiClient("dp_made-up").PostAsync($"/api/papers/{paper}/upvote", null)).StatusCode);

        Assert.Equal((0, 0, 0), await app.CountsAsync(paper));
    }
}
