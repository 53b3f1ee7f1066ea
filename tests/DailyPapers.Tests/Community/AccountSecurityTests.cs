using System.Net;
using System.Net.Http.Headers;
using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>The community instance with Identity's password hasher counting its work.</summary>
public sealed class AccountSecurityFixture : CommunityFixture
{
    public CountingPasswordHasher.Counts Hashes { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Hashes);
            services.AddScoped<IPasswordHasher<User>, CountingPasswordHasher>();
        });
    }
}

[CollectionDefinition(Name)]
public sealed class AccountSecurityCollection : ICollectionFixture<AccountSecurityFixture>
{
    public const string Name = "account-security";
}

/// <summary>Sign-in, sign-up, sessions and tokens as an attacker would probe them.</summary>
[Collection(AccountSecurityCollection.Name)]
public sealed class AccountSecurityTests(AccountSecurityFixture app)
{
    private static readonly string Failed = WebUtility.HtmlEncode(SignInModel.FailedMessage);

    [Fact]
    public async Task Every_sign_in_hashes_the_password_once_whether_or_not_the_account_exists()
    {
        var known = await app.CreateUserAsync();
        var imported = await app.CreateUserAsync(withPassword: false);
        var unconfirmed = await app.CreateUserAsync(confirmed: false);
        var locked = await app.CreateUserAsync();
        for (var i = 0; i < 5; i++) await SignInAsync(locked.UserName!, $"Locking attempt {i} 123");

        string[] logins = ["nobody-at-all", "nobody@example.org", known.UserName!, known.Email!, imported.UserName!,
            unconfirmed.UserName!, locked.UserName!];
        foreach (var login in logins)
        {
            var password = $"Attempt for {login} 9876";
            Assert.Contains(Failed, await BodyAsync(SignInAsync(login, password)), StringComparison.Ordinal);
            Assert.True(app.Hashes.Of(password) == 1, $"{login}: hashed {app.Hashes.Of(password)} times");
        }

        var before = app.Hashes.Of(CommunityFixture.Password);
        var signedIn = await SignInAsync(known.UserName!, CommunityFixture.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(before + 1, app.Hashes.Of(CommunityFixture.Password));
    }

    [Fact]
    public async Task Sign_up_with_a_registered_address_answers_as_a_new_one_after_the_same_work_and_mails_the_owner()
    {
        var owner = await app.CreateUserAsync();
        var newName = app.NewName("fresh");
        const string NewPassword = "New person password 314";
        const string IntruderPassword = "Intruder password 2718";

        var fresh = await SignUpAsync(newName, $"{newName}@example.org", NewPassword);
        var taken = await SignUpAsync(app.NewName("intruder"), owner.Email!, IntruderPassword);

        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(fresh.Headers.Location, taken.Headers.Location);
        Assert.Equal(1, app.Hashes.Of(NewPassword));
        Assert.Equal(1, app.Hashes.Of(IntruderPassword));
        var link = CommunityFixture.LinkIn(await app.MailAsync(owner.Email!, "You already have an account"));
        Assert.StartsWith(app.PublicUrl + "/account/forgot-password", link, StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Users.FirstOrDefaultAsync(u => u.UserName!.StartsWith("intruder"))));

        // A weak password gets the same error for both addresses: the answer never depends on the address.
        const string Weak = "Passwords must be at least 10 characters";
        foreach (var email in new[] { "new@example.org", owner.Email! })
        {
            var page = await BodyAsync(SignUpAsync(app.NewName("weak"), email, "short"));
            Assert.Contains(Weak, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_is_not_a_session_on_pages_and_site_forms()
    {
        var curator = await app.CreateUserAsync(role: Roles.Curator);
        var token = await app.TokenForAsync(curator);
        var paper = CommunityFixture.Fresh(7);
        var client = app.BrowserClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        foreach (var page in new[] { "/account/settings", "/admin/curate" })
            AssertSignInAsked(await client.GetAsync(page));
        Assert.DoesNotContain("id=\"current-user\"", await client.GetStringAsync("/"), StringComparison.Ordinal);

        // With a valid antiforgery token (from a page), the forms still see an anonymous visitor.
        AssertSignInAsked(await CommunityFixture.PostFormAsync(client, $"/papers/{paper}",
            "/account/settings?handler=CreateToken", new() { ["TokenName"] = "minted" }));
        Assert.Equal(1, await app.WithDbAsync(db => db.PersonalAccessTokens.CountAsync(t => t.UserId == curator.Id)));
        AssertSignInAsked(await CommunityFixture.PostFormAsync(client, $"/papers/{paper}", $"/papers/{paper}/vote",
            new() { ["returnUrl"] = "/" }));
        Assert.Equal(0, (await app.CountsAsync(paper)).Rows);

        // The write API takes the token, and still not the cookie.
        var api = app.ApiClient(token);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/papers/{paper}/upvote", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/api/papers/{paper}/upvote")).StatusCode);
        var cookie = await app.SignedInAsync(curator);
        var withCookie = await cookie.PostAsync($"/api/papers/{paper}/upvote", null);
        Assert.Equal(HttpStatusCode.Unauthorized, withCookie.StatusCode);
    }

    [Fact]
    public async Task A_copied_cookie_stops_working_when_its_owner_signs_out()
    {
        var user = await app.CreateUserAsync();
        var (owner, copy) = await SignInWithCopyAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/account/settings")).StatusCode);

        var signOut = await CommunityFixture.PostFormAsync(owner, "/account/sign-out", "/account/sign-out", new());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        AssertSignInAsked(await copy.GetAsync("/account/settings"));
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_the_one_that_changed_it()
    {
        var user = await app.CreateUserAsync();
        var (owner, copy) = await SignInWithCopyAsync(user);
        var other = await app.SignedInAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/account/settings")).StatusCode);

        var changed = CommunityFixture.PostFormAsync(owner, "/account/settings", "/account/settings?handler=Password",
            new() { ["CurrentPassword"] = CommunityFixture.Password, ["NewPassword"] = "Another good password 55" });
        Assert.Contains("Your password is changed", await BodyAsync(changed), StringComparison.Ordinal);

        AssertSignInAsked(await copy.GetAsync("/account/settings"));
        AssertSignInAsked(await other.GetAsync("/account/settings"));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/account/settings")).StatusCode);
    }

    [Fact]
    public async Task An_email_change_keeps_the_session_that_confirms_it_and_ends_the_others()
    {
        var user = await app.CreateUserAsync();
        var (owner, copy) = await SignInWithCopyAsync(user);
        var newEmail = $"new-{user.UserName}@example.org";
        await CommunityFixture.PostFormAsync(owner, "/account/settings", "/account/settings?handler=Email",
            new() { ["NewEmail"] = newEmail, ["CurrentPassword"] = CommunityFixture.Password });
        var link = CommunityFixture.LinkIn(await app.MailAsync(newEmail, "Confirm your new email address"));

        var confirmed = await owner.GetAsync(new Uri(link).PathAndQuery);
        var page = await confirmed.Content.ReadAsStringAsync();
        Assert.Contains($"Your email address is now {newEmail}", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/account/settings")).StatusCode);
        AssertSignInAsked(await copy.GetAsync("/account/settings"));
    }

    [Fact]
    public async Task A_sign_in_lockout_leaves_the_API_tokens_working()
    {
        var user = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(user));
        for (var i = 0; i < 5; i++) await SignInAsync(user.UserName!, "Wrong password 1");
        var refused = await BodyAsync(SignInAsync(user.UserName!, CommunityFixture.Password));
        Assert.Contains(Failed, refused, StringComparison.Ordinal);
        var lockoutEnd = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
            .Select(u => u.LockoutEnd).FirstAsync());
        Assert.NotNull(lockoutEnd);

        var vote = await api.PostAsync($"/api/papers/{CommunityFixture.Fresh(8)}/upvote", null);
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
    }

    [Fact]
    public async Task A_form_whose_token_has_expired_says_so_on_every_page()
    {
        var stale = new Dictionary<string, string> { ["__RequestVerificationToken"] = "stale", ["Login"] = "x" };
        var signIn = await app.BrowserClient().PostAsync("/account/sign-in", new FormUrlEncodedContent(stale));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Contains(SiteResults.ExpiredForm, await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var client = await app.SignedInAsync(await app.CreateUserAsync());
        var profile = await client.PostAsync("/account/settings?handler=Profile",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["FullName"] = "No token" }));
        Assert.Equal(HttpStatusCode.BadRequest, profile.StatusCode);
        Assert.Contains(SiteResults.ExpiredForm, await profile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task A_return_url_to_elsewhere_after_sign_in_goes_home(string returnUrl)
    {
        var response = await SignInReturningToAsync(returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_local_return_url_is_kept()
    {
        var response = await SignInReturningToAsync("/papers?page=2");
        Assert.Equal("/papers?page=2", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Settings_posted_to_an_unknown_handler_is_a_400_with_a_message()
    {
        var client = await app.SignedInAsync(await app.CreateUserAsync());
        var response = await CommunityFixture.PostFormAsync(client, "/account/settings",
            "/account/settings?handler=Nope", new());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This page has no such action", await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
    }

    private static void AssertSignInAsked(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<string> BodyAsync(Task<HttpResponseMessage> response) =>
        await (await response).Content.ReadAsStringAsync();

    private Task<HttpResponseMessage> SignInAsync(string login, string password) =>
        CommunityFixture.PostFormAsync(app.BrowserClient(), "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = login, ["Password"] = password });

    private async Task<HttpResponseMessage> SignInReturningToAsync(string returnUrl)
    {
        var user = await app.CreateUserAsync();
        return await CommunityFixture.PostFormAsync(app.BrowserClient(), "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = user.UserName!, ["Password"] = CommunityFixture.Password, ["ReturnUrl"] = returnUrl });
    }

    private Task<HttpResponseMessage> SignUpAsync(string name, string email, string password) =>
        CommunityFixture.PostFormAsync(app.BrowserClient(), "/account/sign-up", "/account/sign-up",
            new() { ["UserName"] = name, ["Email"] = email, ["Password"] = password });

    /// <summary>A signed-in browser, and a second client that replays a copy of its sign-in cookie.</summary>
    private async Task<(HttpClient Owner, HttpClient Copy)> SignInWithCopyAsync(User user)
    {
        var owner = app.BrowserClient();
        var signIn = await CommunityFixture.PostFormAsync(owner, "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = user.UserName!, ["Password"] = CommunityFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith("dailypapers.auth=", StringComparison.Ordinal));
        var copy = app.CreateClient(new WebApplicationFactoryClientOptions
            { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
        return (owner, copy);
    }
}

/// <summary>Rate limits count API calls per token user, so authentication runs before the limiter on the API.</summary>
public sealed class ApiRateLimitPartitionTests(RateLimitFixture app) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task Each_token_user_has_a_limit_of_their_own()
    {
        var first = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));
        var second = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));
        var upvote = $"/api/papers/{CommunityFixture.Fresh(12)}/upvote";
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync(upvote, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.DeleteAsync(upvote)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.PostAsync(upvote, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync(upvote, null)).StatusCode);
    }
}
