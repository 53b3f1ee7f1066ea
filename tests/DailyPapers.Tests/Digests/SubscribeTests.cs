using System.Net;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Feed;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digests;

[Collection(DigestCollection.Name)]
public sealed class SubscribeTests(DigestFixture app)
{
    private HttpClient Client() => app.CreateClient(new WebApplicationFactoryClientOptions
        { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage>
        PostSubscribeAsync(HttpClient client, params (string Key, string Value)[] fields)
    {
        var token = await DigestFixture.AntiforgeryTokenAsync(client, "/subscribe");
        var form = fields.Select(f => new KeyValuePair<string,
            string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token));
        return await client.PostAsync("/subscribe", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Double_opt_in_confirms_by_the_mailed_link_and_an_unconfirmed_address_gets_nothing_else()
    {
        const string email = "opt-in@example.com";
        using var client = Client();
        var response = await PostSubscribeAsync(client, ("Input.Email", " Opt-In@Example.com "),
            ("Input.Frequency", "Daily"),
            ("Input.DeliveryHour", "7"), ("Input.TimeZone", "Europe/Paris"), ("Input.Topics", "cs.CL, Speech"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Check your inbox", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var confirmation = await app.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.Equal("Confirm your subscription", confirmation.Subject);
        var pending = await app.SubscriptionAsync(email);
        Assert.Equal(SubscriptionStatus.Pending, pending!.Status);
        Assert.Equal(("Europe/Paris", 7, "cs.cl, speech"), (pending.TimeZone, pending.DeliveryHour, pending.Topics));

        // Unconfirmed: composing skips the address.
        await app.ComposeAsync(FeedPeriod.Day(DigestFixture.Thursday), pending.Id);
        Assert.Empty(await app.OutboxAsync(pending.Id));

        var confirm = await client.GetAsync(DigestFixture.Local(DigestFixture.LinkIn(confirmation,
            "/subscribe/confirm?token=")));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("You are subscribed", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriptionStatus.Active, (await app.SubscriptionAsync(email))!.Status);
    }

    [Fact]
    public async Task Repeated_requests_send_one_mail_then_get_429_with_retry_after()
    {
        const string email = "repeat@example.com";
        using var client = Client();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await PostSubscribeAsync(client, ("Input.Email", email))).StatusCode);
        var limited = await PostSubscribeAsync(client, ("Input.Email", email));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many subscribe requests", await limited.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        await app.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email));
        // The cooldown held back the second and third mails (polling again finds still one).
        Assert.Single(app.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == email));
    }

    [Fact]
    public async Task Requests_from_one_ip_are_limited_across_addresses()
    {
        await using var strict = app.WithWebHostBuilder(b => b.UseSetting("Digests:SubscribesPerIpPerHour", "2"));
        using var client = strict.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await
            PostSubscribeAsync(client, ("Input.Email", "ip-1@example.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await
            PostSubscribeAsync(client, ("Input.Email", "ip-2@example.com"))).StatusCode);
        var limited = await PostSubscribeAsync(client, ("Input.Email", "ip-3@example.com"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Null(await app.SubscriptionAsync("ip-3@example.com"));
    }

    [Theory]
    [InlineData("Input.Email", "not-an-address", "is not a valid email address")]
    [InlineData("Input.Email", "", "Enter an email address.")]
    [InlineData("Input.Email", "victim@example.com\r\nBcc: many@example.com", "cannot contain spaces or line breaks")]
    [InlineData("Input.Topics", "cs.CL\r\nBcc: many@example.com", "Topics cannot contain line breaks")]
    [InlineData("Input.Topics", "a,b,c,d,e,f,g,h,i,j,k", "At most 10 topics")]
    [InlineData("Input.Topics", "<script>", "has characters other than")]
    [InlineData("Input.TimeZone", "Mars/Olympus_Mons", "Choose a time zone from the list")]
    [InlineData("Input.TimeZone", "UTC\r\nX-Injected: 1", "A time zone cannot contain line breaks.")]
    [InlineData("Input.DeliveryHour", "25", "Choose an hour between 0 and 23.")]
    public async Task Bad_input_is_rejected_with_a_clear_message_and_nothing_is_saved_or_sent(string field,
        string value, string message)
    {
        var email = $"bad-{Guid.NewGuid():N}@example.com";
        using var client = Client();
        var fields = new Dictionary<string, string> { ["Input.Email"] = email, [field] = value };
        var response = await PostSubscribeAsync(client, [.. fields.Select(f => (f.Key, f.Value))]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(message), await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.Null(await app.SubscriptionAsync(email));
        Assert.DoesNotContain(app.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == email));
    }

    [Fact]
    public async Task An_overlong_address_is_rejected()
    {
        using var client = Client();
        var response = await PostSubscribeAsync(client, ("Input.Email", new string('a', 250) + "@example.com"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 254 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_refused()
    {
        using var client = Client();
        var response = await client.PostAsync("/subscribe",
            new FormUrlEncodedContent([new("Input.Email", "csrf@example.com")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await app.SubscriptionAsync("csrf@example.com"));
    }

    [Fact]
    public async Task Every_list_page_has_the_subscribe_box_and_a_signed_in_address_is_prefilled()
    {
        using var client = Client();
        foreach (var path in new[] { "/", "/papers/date/2025-08-07", "/papers/week/2025-W32", "/papers/month/2025-08" })
        {
            // Signed out, the box leads to the full form (the page stays free of per-visitor tokens, so it is cached);
            // signed in, it posts the subscription itself.
            var html = await client.GetStringAsync(path);
            Assert.Contains("class=\"subscribe-box\"", html, StringComparison.Ordinal);
            Assert.Contains("<form method=\"get\" action=\"/subscribe\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
            using var signedIn = new HttpRequestMessage(HttpMethod.Get, path);
            signedIn.Headers.Add("X-Test-User", "reader@example.org");
            var mine = await (await client.SendAsync(signedIn)).Content.ReadAsStringAsync();
            Assert.Contains("__RequestVerificationToken", mine, StringComparison.Ordinal);
            Assert.Contains("value=\"reader@example.org\"", mine, StringComparison.Ordinal);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, "/subscribe");
        request.Headers.Add("X-Test-User", "reader@example.org");
        var page = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("value=\"reader@example.org\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_and_expired_confirmation_links_get_a_clear_error()
    {
        using var client = Client();
        var forged = await client.GetAsync("/subscribe/confirm?token=CfDJ8forged");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("This link is not valid", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = await app.AddSubscriberAsync("expired@example.com", status: SubscriptionStatus.Pending);
        var tokens = app.Services.GetRequiredService<DigestTokens>();
        var expired = tokens.Create(id, TokenPurpose.Confirm, app.Clock.GetUtcNow().AddMinutes(-1));
        var response = await client.GetAsync("/subscribe/confirm?token=" + Uri.EscapeDataString(expired));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This confirmation link has expired", await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);

        // A manage link is not a confirmation link.
        var wrongPurpose = await client.GetAsync("/subscribe/confirm?token=" + Uri.EscapeDataString(tokens.Manage(id)));
        Assert.Equal(HttpStatusCode.BadRequest, wrongPurpose.StatusCode);
        Assert.Equal(SubscriptionStatus.Pending, (await app.SubscriptionAsync("expired@example.com"))!.Status);
    }
}
