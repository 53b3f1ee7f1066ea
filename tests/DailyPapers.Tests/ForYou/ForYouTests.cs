using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Infrastructure;
using static DailyPapers.Tests.ForYou.ForYouFixture;

namespace DailyPapers.Tests.ForYou;

[CollectionDefinition(Name)]
public sealed class ForYouCollection : ICollectionFixture<ForYouFixture>
{
    public const string Name = "For you";
}

/// <summary>For you through HTTP: the API and the page, learning from acts, dismissals, follows and seen
/// papers.</summary>
[Collection(ForYouCollection.Name)]
public sealed partial class ForYouTests(ForYouFixture app)
{
    [Fact]
    public async Task Signed_out_visitors_are_asked_to_sign_in_and_the_api_wants_a_token()
    {
        var page = await app.BrowserClient().GetAsync("/for-you");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("for-you-sign-in", html, StringComparison.Ordinal);
        Assert.Contains("Sign in to see papers picked for you", html, StringComparison.Ordinal);

        var api = await app.BrowserClient().GetAsync("/api/papers/for-you");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        var forged = app.ApiClient("dp_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/papers/for-you")).StatusCode);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?p=-1", "Invalid p")]
    [InlineData("?days=0", "days")]
    [InlineData("?days=91", "days")]
    [InlineData("?days=1.5", "days")]
    [InlineData("?hideSeen=maybe", "hideSeen")]
    public async Task Bad_parameters_get_400_with_an_error(string query, string mentions)
    {
        var (_, api) = await ReaderAsync();
        using var response = await api.GetAsync("/api/papers/for-you" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Contains(mentions, error.GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_reader_gets_trending_papers_in_the_daily_papers_shape()
    {
        var (_, api) = await ReaderAsync();
        var items = await ForYouAsync(api, "?limit=6");
        Assert.Equal(6, items.Count);
        // The robot papers have the most upvotes today: the cold start is trending order.
        Assert.Equal(Robots.Reverse(), items.Select(IdOf));
        Assert.All(items, i => Assert.Equal("trending", ReasonOf(i)));
        var first = items[0];
        foreach (var property in new[] { "paper", "publishedAt", "title", "summary", "thumbnail", "numComments",
                     "submittedBy", "isAuthorParticipating" })
            Assert.True(first.TryGetProperty(property, out _), property);
        Assert.Equal("Visual servoing for robotic assembly tasks", first.GetProperty("title").GetString());
        // Pages follow on: p=1 starts where p=0 ended.
        var second = await ForYouAsync(api, "?limit=6&p=1");
        Assert.Empty(second.Select(IdOf).Intersect(items.Select(IdOf)));
        Assert.Equal((await ForYouAsync(api, "?limit=12")).Select(IdOf), items.Concat(second).Select(IdOf));
    }

    [Fact]
    public async Task Upvotes_and_saves_teach_the_model_in_the_background_and_each_paper_says_why()
    {
        var (user, api) = await ReaderAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/papers/{Protein[0]}/upvote", null)).StatusCode);
        var browser = await app.SignedInAsync(user);
        var saved = await PostFormAsync(browser, "/account/settings", "/collections?handler=Save",
            new() { ["PaperId"] = Protein[1], ["Saved"] = "true", ["ReturnUrl"] = "/for-you" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // Each act retrains the model shortly after; the one after the save no longer shows either liked paper.
        var items = await Poll.UntilAsync(async () =>
        {
            var learnt = await LearntAsync(api, "?limit=100");
            return learnt.Select(IdOf).Intersect(Protein[..2]).Any() ? null : learnt;
        });
        var ids = items.Select(IdOf).ToList();
        // The other protein papers come before every robot paper.
        var lastProtein = Protein[2..].Max(ids.IndexOf);
        Assert.True(lastProtein < Robots.Min(ids.IndexOf), string.Join(", ", ids));
        var reason = items[0].GetProperty("reason");
        Assert.Contains(reason.GetProperty("paperId").GetString(), Protein[..2]);
        Assert.StartsWith("Like ", reason.GetProperty("text").GetString(), StringComparison.Ordinal);

        // The page says the same, with a link to the liked paper.
        var html = await browser.GetStringAsync("/for-you");
        Assert.Contains("data-reason=\"like\"", html, StringComparison.Ordinal);
        Assert.Matches($"Like <a href=\"/papers/({Protein[0]}|{Protein[1]})\">", html);
    }

    [Fact]
    public async Task Not_interested_takes_a_paper_out_at_once_and_can_be_undone()
    {
        var (user, api) = await ReaderAsync();
        var browser = await app.SignedInAsync(user);
        var dismissed = Robots[5];
        Assert.Contains(dismissed, (await ForYouAsync(api)).Select(IdOf));
        // The button is on the cards of the daily list and on the paper page.
        Assert.Contains("not-interested-form", await browser.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("not-interested-form", await browser.GetStringAsync($"/papers/{dismissed}"),
            StringComparison.Ordinal);

        var response = await PostFormAsync(browser, "/account/settings", "/for-you?handler=NotInterested",
            new() { ["paperId"] = dismissed, ["returnUrl"] = "/papers/trending" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/papers/trending", response.Headers.Location?.OriginalString);
        Assert.DoesNotContain(dismissed, (await ForYouAsync(api)).Select(IdOf));
        Assert.Contains("Not interested ✓", await browser.GetStringAsync($"/papers/{dismissed}"),
            StringComparison.Ordinal);

        await PostFormAsync(browser, "/account/settings", "/for-you?handler=NotInterested",
            new() { ["paperId"] = dismissed, ["undo"] = "true" });
        // Back once the model is retrained without the dismissal (shortly after the undo).
        await Poll.UntilAsync(async () =>
            (await ForYouAsync(api)).Select(IdOf).Contains(dismissed) ? "back" : null);
    }

    [Fact]
    public async Task A_card_s_vote_and_not_interested_forms_are_the_paper_page_s_in_both_states()
    {
        // The list renders its cards' forms inline (a partial per card was too slow), copying the paper page's
        // partials: the copies must stay the same markup, up to the page they return to.
        var (user, _) = await ReaderAsync();
        var browser = await app.SignedInAsync(user);
        var onList = CardId().Matches(await browser.GetStringAsync("/")).Select(m => m.Groups[1].Value).ToList();
        var (acted, untouched) = (onList[0], onList[1]);
        await PostFormAsync(browser, "/account/settings", $"/papers/{acted}/vote", new() { ["upvote"] = "true" });
        await PostFormAsync(browser, "/account/settings", "/for-you?handler=NotInterested",
            new() { ["paperId"] = acted });

        var list = await browser.GetStringAsync("/");
        foreach (var id in new[] { acted, untouched })
        {
            var page = await browser.GetStringAsync($"/papers/{id}");
            Assert.Equal(VoteForm(page, id), VoteForm(list, id));
            Assert.Equal(NotInterestedForm(page, id), NotInterestedForm(list, id));
        }
        Assert.Contains("aria-pressed=\"true\"", VoteForm(list, acted), StringComparison.Ordinal);
        Assert.Contains("Not interested ✓", NotInterestedForm(list, acted), StringComparison.Ordinal);
        Assert.Contains("aria-pressed=\"false\"", VoteForm(list, untouched), StringComparison.Ordinal);
    }

    private static string VoteForm(string html, string id) => Normalized(Regex.Match(html,
        $"""<form method="post" action="/papers/{Regex.Escape(id)}/vote"[\s\S]*?</form>"""), html);

    private static string NotInterestedForm(string html, string id) => Normalized(Regex.Match(html,
        """<form method="post" action="/for-you\?handler=NotInterested"[^>]*>\s*"""
        + """<input name="__RequestVerificationToken"[^>]*>\s*"""
        + $"""<input type="hidden" name="paperId" value="{Regex.Escape(id)}">[\s\S]*?</form>"""), html);

    /// <summary>The form with its whitespace collapsed (none before a tag's end), its token and the page it
    /// returns to left out.</summary>
    private static string Normalized(Match form, string html)
    {
        Assert.True(form.Success, "form not found in " + html[..Math.Min(html.Length, 200)]);
        var text = Regex.Replace(Regex.Replace(form.Value, @"\s+", " "), " >", ">");
        text = Regex.Replace(text, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"", "TOKEN");
        return Regex.Replace(text, "name=\"returnUrl\" value=\"[^\"#]*", "name=\"returnUrl\" value=\"PAGE");
    }

    [GeneratedRegex("""<article class="card" id="paper-([^"]+)">""")]
    private static partial Regex CardId();

    [Fact]
    public async Task Not_interested_refuses_forged_posts_unknown_papers_and_signed_out_visitors()
    {
        var (user, _) = await ReaderAsync();
        var browser = await app.SignedInAsync(user);
        var forged = await browser.PostAsync("/for-you?handler=NotInterested",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["paperId"] = Robots[0] }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var unknown = await PostFormAsync(browser, "/account/settings", "/for-you?handler=NotInterested",
            new() { ["paperId"] = "9999.99999" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("There is no paper", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var visitor = app.BrowserClient();
        var signedOut = await PostFormAsync(visitor, "/account/sign-in", "/for-you?handler=NotInterested",
            new() { ["paperId"] = Robots[0] });
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/account/sign-in", signedOut.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => Task.FromResult(
            db.Set<DailyPapers.Features.ForYou.Dismissal>().Count(d => d.PaperId == Robots[0]))));
    }

    [Fact]
    public async Task Followed_categories_and_authors_come_first_and_unfollowing_ends_it()
    {
        var (user, api) = await ReaderAsync();
        var browser = await app.SignedInAsync(user);
        // The paper page offers to follow its categories and authors.
        var paperPage = await browser.GetStringAsync($"/papers/{Protein[0]}");
        Assert.Contains("Follow q-bio.BM", paperPage, StringComparison.Ordinal);
        Assert.Contains("Follow Rosalind Franklin", paperPage, StringComparison.Ordinal);

        await FollowAsync(browser, "Category", "Q-BIO.BM");
        var items = await ForYouAsync(api, "?limit=6");
        Assert.Equal(Protein.Reverse(), items.Select(IdOf));
        Assert.All(items, i => Assert.Equal("follow", ReasonOf(i)));
        Assert.Equal("You follow Q-BIO.BM", items[0].GetProperty("reason").GetProperty("text").GetString());
        Assert.Contains("Following q-bio.BM", await browser.GetStringAsync($"/papers/{Protein[0]}"),
            StringComparison.Ordinal);

        // Her one paper joins the followed ones above every other paper (a followed category is also one of the
        // reader's topics once the model is retrained, so the order among followed papers may change).
        await FollowAsync(browser, "AuthorName", SoloAuthor.ToUpperInvariant());
        var followed = await ForYouAsync(api, "?limit=7");
        Assert.Equal([.. Protein, Robots[5]], followed.Select(IdOf).Order());
        Assert.Equal($"You follow {SoloAuthor.ToUpperInvariant()}", followed.Single(i => IdOf(i) == Robots[5])
            .GetProperty("reason").GetProperty("text").GetString());

        // Settings list the follows, each with an unfollow button.
        var settings = await browser.GetStringAsync("/account/settings");
        Assert.Contains("Q-BIO.BM", settings, StringComparison.Ordinal);
        await FollowAsync(browser, "Category", "q-bio.bm", unfollow: true);
        await FollowAsync(browser, "AuthorName", SoloAuthor, unfollow: true);
        Assert.All(await ForYouAsync(api), i => Assert.NotEqual("follow", ReasonOf(i)));
    }

    [Theory]
    [InlineData("Planet", "x", "Follow an account")]
    [InlineData("3", "x", "Follow an account")]
    [InlineData("Category", "", "Name an author")]
    [InlineData("Account", "no-such-user-id", "no such account")]
    public async Task A_bad_follow_gets_400_with_the_reason(string kind, string value, string message)
    {
        var (user, _) = await ReaderAsync();
        var browser = await app.SignedInAsync(user);
        var response = await PostFormAsync(browser, "/account/settings", "/for-you?handler=Follow",
            new() { ["kind"] = kind, ["value"] = value });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seen_papers_can_be_hidden_and_forgotten()
    {
        var (user, api) = await ReaderAsync();
        var browser = await app.SignedInAsync(user);
        var firstPage = (await ForYouAsync(api, "?limit=3")).Select(IdOf).ToList();
        var fields = new Dictionary<string, string> { ["returnUrl"] = "/for-you" };
        var form = new List<KeyValuePair<string, string>>(firstPage.Select(id =>
            new KeyValuePair<string, string>("paperIds", id)))
        {
            new("__RequestVerificationToken", FormToken(await browser.GetStringAsync("/for-you"))),
        };
        var marked = await browser.PostAsync("/for-you?handler=Seen", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);

        Assert.Equal(firstPage, (await ForYouAsync(api, "?limit=3")).Select(IdOf));
        var hidden = (await ForYouAsync(api, "?limit=100&hideSeen=true")).Select(IdOf).ToList();
        Assert.Empty(hidden.Intersect(firstPage));
        Assert.DoesNotContain(firstPage[0], await browser.GetStringAsync("/for-you?hideSeen=true"),
            StringComparison.Ordinal);

        await PostFormAsync(browser, "/for-you", "/for-you?handler=Seen", new() { ["forget"] = "true" });
        Assert.Equal(firstPage, (await ForYouAsync(api, "?limit=3&hideSeen=true")).Select(IdOf));
    }

    [Fact]
    public async Task The_page_rejects_bad_days_and_pages_with_a_message()
    {
        var (user, _) = await ReaderAsync();
        var browser = await app.SignedInAsync(user);
        foreach (var query in new[] { "?days=0", "?days=1000", "?p=-1" })
        {
            var response = await browser.GetAsync("/for-you" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("number of days", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<(DailyPapers.Features.Accounts.User User, HttpClient Api)> ReaderAsync()
    {
        var user = await app.CreateUserAsync();
        return (user, app.ApiClient(await app.TokenForAsync(user)));
    }

    private static async Task FollowAsync(HttpClient browser, string kind, string value, bool unfollow = false)
    {
        var response = await PostFormAsync(browser, "/account/settings", "/for-you?handler=Follow", new()
        {
            ["kind"] = kind, ["value"] = value, ["unfollow"] = unfollow ? "true" : "false",
            ["returnUrl"] = "/account/settings",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action,
        Dictionary<string, string> fields) => CommunityFixture.PostFormAsync(client, formPage, action, fields);

    private static string FormToken(string html) => CommunityFixture.FormToken(html);
}
