using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Features.Accounts;

namespace DailyPapers.Tests.Community;

[Collection(CommunityCollection.Name)]
public sealed partial class AccountTests(CommunityFixture app)
{
    [Fact]
    public async Task Sign_up_sends_a_confirmation_link_that_lets_the_user_sign_in()
    {
        var name = app.NewName("newcomer");
        var client = app.BrowserClient();
        var response = await CommunityFixture.PostFormAsync(client, "/account/sign-up", "/account/sign-up",
            new() { ["UserName"] = name, ["Email"] = $"{name}@example.org", ["Password"] = CommunityFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // Before confirming: the right password gets the "confirm first" notice (and a new link), not a sign-in.
        var early = await CommunityFixture.PostFormAsync(client, "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = name, ["Password"] = CommunityFixture.Password });
        Assert.Contains("not confirmed yet", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var link = await ConfirmationLinkAsync($"{name}@example.org");
        var confirmed = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Contains("Your email address is confirmed", await confirmed.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);

        var signIn = await CommunityFixture.PostFormAsync(client, "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = $"{name}@example.org", ["Password"] = CommunityFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains($"id=\"current-user\">{name}<", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_up_rejects_bad_names_and_weak_passwords_and_keeps_what_was_typed()
    {
        var client = app.BrowserClient();
        var response = await CommunityFixture.PostFormAsync(client, "/account/sign-up", "/account/sign-up",
            new() { ["UserName"] = "bad name!", ["Email"] = "keep@example.org", ["Password"] = "short" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("A username may contain only letters", html, StringComparison.Ordinal);
        Assert.Contains("value=\"keep@example.org\"", html, StringComparison.Ordinal);

        response = await CommunityFixture.PostFormAsync(client, "/account/sign-up", "/account/sign-up",
            new() { ["UserName"] = app.NewName("weak"), ["Email"] = "weak@example.org", ["Password"] = "short" });
        Assert.Contains("Passwords must be at least 10 characters", await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);

        var taken = await app.CreateUserAsync();
        response = await CommunityFixture.PostFormAsync(client, "/account/sign-up", "/account/sign-up",
            new() { ["UserName"] = taken.UserName!, ["Email"] = "other@example.org",
                ["Password"] = CommunityFixture.Password });
        Assert.Contains("is taken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_and_reset_do_not_reveal_whether_an_account_exists()
    {
        var user = await app.CreateUserAsync();
        var client = app.BrowserClient();
        var unknown = await (await CommunityFixture.PostFormAsync(client, "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = "nobody-here", ["Password"] = "Whatever 1234" })).Content.ReadAsStringAsync();
        var wrong = await (await CommunityFixture.PostFormAsync(client, "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = user.UserName!, ["Password"] = "Wrong password 1" })).Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(SignInModel.FailedMessage), unknown, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(SignInModel.FailedMessage), wrong, StringComparison.Ordinal);

        var resetUnknown = await (await CommunityFixture.PostFormAsync(client, "/account/forgot-password",
            "/account/forgot-password", new() { ["Email"] = "nobody@example.org" })).Content.ReadAsStringAsync();
        var resetKnown = await (await CommunityFixture.PostFormAsync(client, "/account/forgot-password",
            "/account/forgot-password", new() { ["Email"] = user.Email! })).Content.ReadAsStringAsync();
        Assert.Contains(ForgotPasswordModel.SentMessage, resetUnknown, StringComparison.Ordinal);
        Assert.Contains(ForgotPasswordModel.SentMessage, resetKnown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_reset_link_sets_a_new_password()
    {
        var user = await app.CreateUserAsync();
        var client = app.BrowserClient();
        await CommunityFixture.PostFormAsync(client, "/account/forgot-password", "/account/forgot-password",
            new() { ["Email"] = user.Email! });
        var link = new Uri(await LinkInMailAsync(user.Email!, "Reset your password")).PathAndQuery;
        var done = await CommunityFixture.PostFormAsync(client, link, link,
            new() { ["Password"] = "Brand new password 7" });
        Assert.Contains("Your password has been changed", await done.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var signIn = await CommunityFixture.PostFormAsync(client, "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = user.UserName!, ["Password"] = "Brand new password 7" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var user = await app.CreateUserAsync();
        var client = app.BrowserClient();
        for (var i = 0; i < 5; i++)
            await CommunityFixture.PostFormAsync(client, "/account/sign-in", "/account/sign-in",
                new() { ["Login"] = user.UserName!, ["Password"] = "Wrong password 1" });
        var locked = await CommunityFixture.PostFormAsync(client, "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = user.UserName!, ["Password"] = CommunityFixture.Password });
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("locked for 15 minutes", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_are_shown_once_stored_hashed_and_revocable()
    {
        var user = await app.CreateUserAsync();
        var client = await app.SignedInAsync(user);
        var created = await (await CommunityFixture.PostFormAsync(client, "/account/settings",
            "/account/settings?handler=CreateToken", new() { ["TokenName"] = "script" })).Content.ReadAsStringAsync();
        var token = TokenShown().Match(created).Groups[1].Value;
        Assert.StartsWith("dp_", token, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db =>
            Task.FromResult(db.PersonalAccessTokens.Single(t => t.UserId == user.Id)));
        Assert.Equal(ApiTokens.Hash(token), stored.TokenHash);
        Assert.DoesNotContain(token, await client.GetStringAsync("/account/settings"), StringComparison.Ordinal);

        var api = app.ApiClient(token);
        Assert.Equal(HttpStatusCode.OK, (await
            api.PostAsync($"/api/papers/{CommunityFixture.Fresh(9)}/upvote", null)).StatusCode);
        await CommunityFixture.PostFormAsync(client, "/account/settings", "/account/settings?handler=RevokeToken",
            new() { ["TokenId"] = stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await api.DeleteAsync($"/api/papers/{CommunityFixture.Fresh(9)}/upvote")).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_account_takes_its_votes_back_and_keeps_its_comments_authorless()
    {
        var paper = CommunityFixture.Fresh(10);
        var user = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(user));
        await api.PostAsync($"/api/papers/{paper}/upvote", null);
        await api.PostAsync($"/api/papers/{paper}/comments",
            System.Net.Http.Json.JsonContent.Create(new { comment = "Leaving soon" }));
        var client = await app.SignedInAsync(user);

        var refused = await CommunityFixture.PostFormAsync(client, "/account/settings",
            "/account/settings?handler=Delete",
            new() { ["ConfirmUserName"] = "someone-else", ["CurrentPassword"] = CommunityFixture.Password });
        Assert.Contains("Type your username", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var deleted = await CommunityFixture.PostFormAsync(client, "/account/settings",
            "/account/settings?handler=Delete",
            new() { ["ConfirmUserName"] = user.UserName!, ["CurrentPassword"] = CommunityFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        Assert.Equal((0, 0, 0), await app.CountsAsync(paper));
        var page = await app.CreateClient().GetStringAsync($"/papers/{paper}");
        Assert.Contains("Leaving soon", page, StringComparison.Ordinal);
        Assert.Contains("deleted account", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_and_forms_need_sign_in_and_antiforgery()
    {
        var anonymous = app.BrowserClient();
        var response = await anonymous.GetAsync("/account/settings");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location?.ToString(), StringComparison.Ordinal);

        var client = await app.SignedInAsync(await app.CreateUserAsync());
        response = await client.PostAsync("/account/settings?handler=CreateToken",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["TokenName"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_profile_lists_upvoted_papers_and_unknown_users_are_404()
    {
        var user = await app.CreateUserAsync();
        await app.ApiClient(await app.TokenForAsync(user)).PostAsync($"/api/papers/{CommunityFixture.Fresh(11)}/upvote",
            null);
        var html = await app.CreateClient().GetStringAsync($"/u/{user.UserName}");
        Assert.Contains("Fresh paper 11", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/u/no-such-user")).StatusCode);
    }

    private Task<string> ConfirmationLinkAsync(string to) => LinkInMailAsync(to, "Confirm your email address");

    private async Task<string> LinkInMailAsync(string to, string subject) =>
        CommunityFixture.LinkIn(await app.MailAsync(to, subject));

    [GeneratedRegex("<code id=\"new-token\">([^<]+)</code>")]
    private static partial Regex TokenShown();
}
