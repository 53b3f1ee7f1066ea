using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;

namespace DailyPapers.Tests.Community;

/// <summary>
/// An instance of its own with limits of 2 writes, so that these tests' counts meet no other test's; signing in
/// (shared by all anonymous test clients) stays open for the tests that sign in through the form.
/// </summary>
public class RateLimitVariantFixture : CommunityFixture
{
    protected override int PermitLimit => 2;

    protected virtual bool LimitSigningIn => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (!LimitSigningIn) builder.UseSetting("Accounts:SignIn:PermitLimit", "100000");
    }
}

/// <summary>The same with sign-in and sign-up limited too, for the tests of those limits.</summary>
public sealed class AccountRateLimitVariantFixture : RateLimitVariantFixture
{
    protected override bool LimitSigningIn => true;
}

/// <summary>Signing in, resetting a password and signing up stay limited under every spelling.</summary>
public sealed class AccountRateLimitVariantTests(AccountRateLimitVariantFixture app)
    : IClassFixture<AccountRateLimitVariantFixture>
{
    [Fact]
    public async Task Sign_in_and_password_reset_share_one_limit_under_every_spelling()
    {
        var client = app.BrowserClient();
        await RateLimitVariantTests.SpendAsync(() => client.PostAsync("/account/sign-in",
            RateLimitVariantTests.Form(("Login", "someone"), ("Password", "x"))));

        await RateLimitVariantTests.AssertLimitedAsync(client,
            "/ACCOUNT/SIGN-IN", "/Account/Sign-In/", "/account/sign-in?handler=x&handler=y",
            "/account/sign-in?ReturnUrl=/&ReturnUrl=/x", "/account/forgot-password", "/ACCOUNT/FORGOT-PASSWORD");
    }

    [Fact]
    public async Task Sign_up_is_limited_under_every_spelling()
    {
        var client = app.BrowserClient();
        await RateLimitVariantTests.SpendAsync(() => client.PostAsync("/account/sign-up",
            RateLimitVariantTests.Form(("UserName", "x"), ("Email", "bad"))));

        await RateLimitVariantTests.AssertLimitedAsync(client,
            "/ACCOUNT/SIGN-UP", "/account/Sign-Up/", "/account/sign-up?handler=a&handler=b");
    }
}

/// <summary>
/// Every limited action, spent by its plain URL, stays limited under every other spelling of it: another case, a
/// duplicated or unknown parameter, a trailing slash, the site's form instead of the API or the other way round.
/// A limit matched on path strings let each of these through.
/// </summary>
public sealed class RateLimitVariantTests(RateLimitVariantFixture app) : IClassFixture<RateLimitVariantFixture>
{
    private static readonly string Paper = CommunityFixture.Fresh(6);

    [Fact]
    public async Task Votes_are_limited_through_the_api_and_the_site_form_under_every_spelling()
    {
        var user = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(user));
        await SpendAsync(() => api.PostAsync($"/api/papers/{Paper}/upvote", null));

        await AssertLimitedAsync(api, $"/API/PAPERS/{Paper}/UPVOTE", $"/api/papers/{Paper}/upvote/",
            $"/api/papers/{Paper}/upvote?x=1&x=2");
        using var delete = await api.DeleteAsync($"/Api/Papers/{Paper}/Upvote");
        Assert.Equal(HttpStatusCode.TooManyRequests, delete.StatusCode);
        await AssertLimitedAsync(await app.SignedInAsync(user), $"/papers/{Paper}/vote", $"/PAPERS/{Paper}/VOTE",
            $"/papers/{Paper}/vote?returnUrl=/&returnUrl=/x");
    }

    [Fact]
    public async Task Comments_are_limited_through_the_api_the_discussion_page_and_the_edit_page()
    {
        var user = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(user));
        await SpendAsync(() => api.PostAsync($"/api/papers/{Paper}/comments",
            JsonContent.Create(new { comment = "a" })));

        await AssertLimitedAsync(api, $"/API/papers/{Paper}/COMMENTS", $"/api/papers/{Paper}/comments/");
        await AssertLimitedAsync(await app.SignedInAsync(user), $"/papers/{Paper}/comments",
            $"/PAPERS/{Paper}/COMMENTS", $"/papers/{Paper}/comments?handler=Comment&handler=x",
            $"/papers/{Paper}/comments/1/edit", $"/Papers/{Paper}/Comments/1/Edit?handler=a&handler=b");
    }

    [Fact]
    public async Task Submissions_are_limited_through_the_api_and_the_submit_page()
    {
        var user = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(user));
        await SpendAsync(() => api.PostAsync("/api/papers/submit", JsonContent.Create(new { paperId = "bad" })));

        await AssertLimitedAsync(api, "/API/PAPERS/SUBMIT", "/api/papers/submit/", "/api/papers/submit?a=1&a=2");
        await AssertLimitedAsync(await app.SignedInAsync(user), "/papers/submit", "/PAPERS/SUBMIT",
            "/papers/submit?handler=x&handler=y");
    }

    [Fact]
    public async Task Collection_writes_are_limited_through_the_api_and_the_pages()
    {
        var user = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(user));
        var title = 0;
        await SpendAsync(() => api.PostAsync("/api/collections", JsonContent.Create(new { title = $"C{title++}" })));

        await AssertLimitedAsync(api, "/API/COLLECTIONS", "/api/collections/", "/api/collections?x=1&x=2");
        await AssertLimitedAsync(await app.SignedInAsync(user), "/collections", "/COLLECTIONS",
            "/collections?handler=Create&handler=x");
    }

    /// <summary>Uses up the limit of 2 with the plain request; each must have been let through.</summary>
    internal static async Task SpendAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var i = 0; i < 2; i++)
        {
            using var response = await send();
            Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }

    internal static async Task AssertLimitedAsync(HttpClient client, params string[] urls)
    {
        foreach (var url in urls)
        {
            // An API route takes JSON only (a form body is a 415 before any limit); pages take forms.
            HttpContent body = url.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
                ? JsonContent.Create(new { comment = "x", paperId = "x", title = "x" })
                : Form(("x", "1"));
            using var response = await client.PostAsync(url, body);
            Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests,
                $"POST {url}: {(int)response.StatusCode} {response.StatusCode}, not 429");
        }
    }

    internal static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
}
