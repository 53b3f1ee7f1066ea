using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Features.Community;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

[Collection(CommunityCollection.Name)]
public sealed class SubmissionAndCommentTests(CommunityFixture app)
{
    private static JsonContent Body(object value) => JsonContent.Create(value);

    [Fact]
    public async Task Each_submission_rule_refuses_with_its_own_message()
    {
        var user = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(user));

        async Task<(HttpStatusCode Status, string Error)> SubmitAsync(object body)
        {
            var response = await api.PostAsync("/api/papers/submit", Body(body));
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, json.TryGetProperty("error", out var e) ? e.GetString()!
                : json.GetProperty("status").GetString()!);
        }

        var notAPaper = await SubmitAsync(new { paperId = "not a paper" });
        Assert.Equal((HttpStatusCode.BadRequest, Submissions.PaperHelp), notAPaper);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await SubmitAsync(new { paperId = CommunityFixture.Fresh(1),
            githubRepo = "https://gitlab.com/x/y" })).Status);
        var old = await SubmitAsync(new { paperId = CommunityFixture.OldPaper });
        Assert.Equal(HttpStatusCode.BadRequest, old.Status);
        Assert.Contains("only papers from the last 14 days", old.Error, StringComparison.Ordinal);

        Assert.Equal((HttpStatusCode.Created, "featured"),
            await SubmitAsync(new { paperId = $"https://arxiv.org/abs/{CommunityFixture.Fresh(1)}v2",
            githubRepo = "https://github.com/acme/fresh" }));
        var duplicate = await SubmitAsync(new
            { paperId = $"https://huggingface.co/papers/{CommunityFixture.Fresh(1)}" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Contains("already on today's list", duplicate.Error, StringComparison.Ordinal);

        // Unknown paper: queued as pending.
        Assert.Equal((HttpStatusCode.Accepted, "pending"),
            await SubmitAsync(new { paperId = CommunityFixture.Fresh(99) }));
        Assert.Contains("pending", await app.CreateClient().GetStringAsync($"/u/{user.UserName}"),
            StringComparison.Ordinal);

        // Five a day (1 featured + 1 pending so far).
        foreach (var n in new[] { 96, 97, 98 })
            Assert.Equal(HttpStatusCode.Accepted,
            (await SubmitAsync(new { paperId = CommunityFixture.Fresh(n) })).Status);
        var response = await api.PostAsync("/api/papers/submit", Body(new { paperId = CommunityFixture.Fresh(95) }));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("You have submitted 5 papers today", await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);

        var paper = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/papers/{CommunityFixture.Fresh(1)}");
        Assert.Equal("https://github.com/acme/fresh", paper.GetProperty("githubRepo").GetString());
    }

    private const string GithubRule = "The GitHub repository must be a URL such as https://github.com/owner/name.";
    private const string ProjectRule = "The project page must be a web address starting with https:// or http://.";

    [Theory]
    [InlineData("githubRepo", "https://github.com/acme/fresh\"><script>alert(1)</script>", GithubRule)]
    [InlineData("githubRepo", "\"><script>alert(1)</script>", GithubRule)]
    [InlineData("projectPage", "https://example.org/\"><script>alert(1)</script>", ProjectRule)]
    [InlineData("projectPage", "javascript:alert(1)", ProjectRule)]
    [InlineData("projectPage", "https://user:password@example.org/", ProjectRule)]
    public async Task A_link_that_is_not_a_plain_http_url_is_refused_and_nothing_is_stored(
        string field, string link, string error)
    {
        var paper = CommunityFixture.Fresh(12);
        var api = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));

        var body = new Dictionary<string, string> { ["paperId"] = paper, [field] = link };
        var response = await api.PostAsync("/api/papers/submit", Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var stored = await app.WithDbAsync(db => Task.FromResult(
            db.Papers.Where(p => p.Id == paper).Select(p => new { p.GithubRepo, p.ProjectPage }).Single()));
        Assert.Equal((null, null), (stored.GithubRepo, stored.ProjectPage));
        Assert.False(await app.WithDbAsync(db => Task.FromResult(db.DailyEntries.Any(e => e.PaperId == paper))));
    }

    [Fact]
    public async Task Simultaneous_submissions_by_one_user_never_exceed_the_daily_limit()
    {
        var user = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(user));

        // Ten unknown papers at once (each queued as pending), five allowed a day.
        var responses = await Task.WhenAll(Enumerable.Range(40, 10)
            .Select(n => api.PostAsync("/api/papers/submit", Body(new { paperId = CommunityFixture.Fresh(n) }))));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        var profile = await app.CreateClient().GetStringAsync($"/u/{user.UserName}");
        Assert.Equal(5, Enumerable.Range(40,
            10).Count(n => profile.Contains(CommunityFixture.Fresh(n), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unconfirmed_account_cannot_submit_and_pending_papers_join_the_list_when_they_arrive()
    {
        var unconfirmed = await app.CreateUserAsync(confirmed: false);
        var user = await app.CreateUserAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var submissions = scope.ServiceProvider.GetRequiredService<Submissions>();
        var refused = await submissions.SubmitAsync(unconfirmed.Id,
            new SubmissionRequest(CommunityFixture.Fresh(3), null, null, null), default);
        Assert.Equal("Confirm your email address before submitting papers.", refused.Error);

        var pendingId = CommunityFixture.Fresh(88);
        Assert.True((await submissions.SubmitAsync(user.Id,
            new SubmissionRequest(pendingId, "Great *work*", null, null), default)).Pending);
        await app.ImportAsync([new() { Id = pendingId, Title = "Arrived later", Abstract = "Now here.",
            PublishedAt = DateTime.UtcNow, Origin = "harvest" }]);
        Assert.Equal(1, await submissions.PromotePendingAsync(default));
        var paper = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/papers/{pendingId}");
        Assert.Equal(user.UserName, paper.GetProperty("submittedOnDailyBy").GetProperty("user").GetString());
        Assert.Equal(1, paper.GetProperty("numComments").GetInt32());
    }

    [Fact]
    public async Task The_submit_page_needs_sign_in_and_keeps_the_input_on_error()
    {
        var anonymous = await app.BrowserClient().GetAsync("/papers/submit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);

        var client = await app.SignedInAsync(await app.CreateUserAsync());
        var response = await CommunityFixture.PostFormAsync(client, "/papers/submit", "/papers/submit",
            new() { ["Paper"] = CommunityFixture.OldPaper, ["Comment"] = "My careful comment" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("only papers from the last 14 days", html, StringComparison.Ordinal);
        Assert.Contains("My careful comment", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comments_are_sanitized_markdown_with_mentions_replies_one_level_deep_and_counted()
    {
        var paper = CommunityFixture.Fresh(12);
        var alice = await app.CreateUserAsync(app.NewName("alice"));
        var bob = await app.CreateUserAsync(app.NewName("bob"));
        var aliceApi = app.ApiClient(await app.TokenForAsync(alice));
        var bobApi = app.ApiClient(await app.TokenForAsync(bob));

        var first = await (await aliceApi.PostAsync($"/api/papers/{paper}/comments",
            Body(new { comment =
            $"**Nice** <script>alert(1)</script> [x](javascript:alert(1)) hi @{bob.UserName} and @nobody-at-all" })))
            .Content.ReadFromJsonAsync<JsonElement>();
        var html = first.GetProperty("html").GetString()!;
        Assert.Contains("<strong>Nice</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(html.Contains($"<a href=\"/u/{bob.UserName}\"", StringComparison.Ordinal), html);
        Assert.Contains($"<a href=\"/u/{bob.UserName}\" rel=\"nofollow ugc noopener\">@{bob.UserName}</a>", html,
            StringComparison.Ordinal);
        Assert.DoesNotContain("/u/nobody-at-all", html, StringComparison.Ordinal);

        var reply = await (await bobApi.PostAsync($"/api/papers/{paper}/comments",
            Body(new { comment = "Thanks",
            parentId = first.GetProperty("id").GetInt32() }))).Content.ReadFromJsonAsync<JsonElement>();
        var nested = await (await aliceApi.PostAsync($"/api/papers/{paper}/comments",
            Body(new { comment = "Deeper",
            parentId = reply.GetProperty("id").GetInt32() }))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetInt32(), nested.GetProperty("parentId").GetInt32());

        var empty = await aliceApi.PostAsync($"/api/papers/{paper}/comments", Body(new { comment = "   " }));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains(Comments.EmptyMessage, await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var json = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/papers/{paper}");
        Assert.Equal(3, json.GetProperty("numComments").GetInt32());
    }

    [Fact]
    public async Task Only_authors_edit_and_delete_their_comments_and_only_curators_hide()
    {
        var paper = CommunityFixture.Fresh(3); // imported, on yesterday's list
        var author = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var curator = await app.CreateUserAsync(role: "curator");
        var created = await (await app.ApiClient(await
            app.TokenForAsync(author)).PostAsync($"/api/papers/{paper}/comments",
            Body(new { comment = "Original text" })))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var before = await CommentCountAsync(paper);

        var otherClient = await app.SignedInAsync(other);
        var edit = await CommunityFixture.PostFormAsync(otherClient, $"/papers/{paper}",
            $"/papers/{paper}/comments/{id}/edit", new() { ["body"] = "Hijacked" });
        Assert.True(edit.StatusCode == HttpStatusCode.Forbidden, $"{edit.StatusCode} {edit.Headers.Location}");
        var delete = await CommunityFixture.PostFormAsync(otherClient, $"/papers/{paper}",
            $"/papers/{paper}/comments/{id}/delete", []);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        var hide = await CommunityFixture.PostFormAsync(otherClient, $"/papers/{paper}",
            $"/papers/{paper}/comments/{id}/hide", new() { ["hidden"] = "true" });
        Assert.Equal(HttpStatusCode.Forbidden, hide.StatusCode);
        var noToken = await otherClient.PostAsync($"/papers/{paper}/comments",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["body"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("Original text", await app.CreateClient().GetStringAsync($"/papers/{paper}"),
            StringComparison.Ordinal);

        var curatorClient = await app.SignedInAsync(curator);
        hide = await CommunityFixture.PostFormAsync(curatorClient, $"/papers/{paper}",
            $"/papers/{paper}/comments/{id}/hide", new() { ["hidden"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, hide.StatusCode);
        Assert.DoesNotContain("Original text", await app.CreateClient().GetStringAsync($"/papers/{paper}"),
            StringComparison.Ordinal);
        Assert.Equal(before - 1, await CommentCountAsync(paper));
        await CommunityFixture.PostFormAsync(curatorClient, $"/papers/{paper}", $"/papers/{paper}/comments/{id}/hide",
            new() { ["hidden"] = "false" });

        var authorClient = await app.SignedInAsync(author);
        edit = await CommunityFixture.PostFormAsync(authorClient, $"/papers/{paper}",
            $"/papers/{paper}/comments/{id}/edit", new() { ["body"] = "Edited text" });
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Contains("Edited text", await app.CreateClient().GetStringAsync($"/papers/{paper}"),
            StringComparison.Ordinal);
        delete = await CommunityFixture.PostFormAsync(authorClient, $"/papers/{paper}",
            $"/papers/{paper}/comments/{id}/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.DoesNotContain("Edited text", await app.CreateClient().GetStringAsync($"/papers/{paper}"),
            StringComparison.Ordinal);
        Assert.Equal(before - 1, await CommentCountAsync(paper));
    }

    [Fact]
    public async Task An_approved_authorship_claim_shows_verified_in_the_api_and_on_the_profile()
    {
        var paper = CommunityFixture.Fresh(2);
        var author = await app.CreateUserAsync();
        var authorClient = await app.SignedInAsync(author);
        var claimed = await CommunityFixture.PostFormAsync(authorClient, $"/papers/{paper}/claim",
            $"/papers/{paper}/claim", new() { ["position"] = "1" });
        Assert.Contains("a curator will review it", await claimed.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await authorClient.GetAsync("/admin/claims")).StatusCode);
            // not a curator: access denied
        var curator = await app.SignedInAsync(await app.CreateUserAsync(role: "curator"));
        var claimId = await app.WithDbAsync(db =>
            Task.FromResult(db.AuthorClaims.Single(c => c.UserId == author.Id).Id));
        var approved = await CommunityFixture.PostFormAsync(curator, "/admin/claims", "/admin/claims",
            new() { ["claimId"] = claimId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["approve"] = "true" });
        Assert.Contains("the author is verified", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var json = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/papers/{paper}");
        var turing = json.GetProperty("authors")[1];
        Assert.Equal("claimed_verified", turing.GetProperty("status").GetString());
        Assert.Equal(author.UserName, turing.GetProperty("user").GetProperty("user").GetString());
        Assert.False(json.GetProperty("authors")[0].TryGetProperty("status", out _));
        Assert.Contains("Fresh paper 2", await app.CreateClient().GetStringAsync($"/u/{author.UserName}"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trending_page_orders_papers_by_the_documented_score()
    {
        // Yesterday's papers 1-3 have 10, 20, 30 imported upvotes and were featured an hour apart.
        var html = await app.CreateClient().GetStringAsync("/papers/trending");
        var order = Enumerable.Range(1, 3).Reverse().Select(n =>
            html.IndexOf($"Fresh paper {n}<", StringComparison.Ordinal)).ToList();
        Assert.All(order, i => Assert.True(i > 0));
        Assert.Equal(order.Order(), order);
    }

    private Task<int> CommentCountAsync(string paper) =>
        app.WithDbAsync(db => Task.FromResult(db.Papers.Where(p => p.Id == paper).Select(p => p.NumComments).First()));
}
