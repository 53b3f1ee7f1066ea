using System.Net;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Feed;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmtpServer.Protocol;

namespace DailyPapers.Tests.Digests;

[Collection(DigestCollection.Name)]
public sealed class DeliveryTests(DigestFixture app)
{
    private static readonly FeedPeriod Thursday = FeedPeriod.Day(DigestFixture.Thursday);
    private static readonly FeedPeriod Friday = FeedPeriod.Day(DigestFixture.Friday);
    private static readonly FeedPeriod Week32 = FeedPeriod.Week(2025, 32);

    private Task<MimeMessage> DigestFor(string email, string periodKey) =>
        app.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email) && m.MessageId != null
            && m.MessageId.Contains(periodKey.Replace(':', '.'), StringComparison.Ordinal));

    private static IReadOnlyList<string> Titles(MimeMessage message) =>
        [.. (message.TextBody ?? "").Split('\n').Where(l => l.Length > 3 && char.IsDigit(l[0])
            && l[1] == '.').Select(l => l[3..])];

    [Fact]
    public async Task Daily_and_weekly_digests_with_topics_arrive_once_with_standard_headers_and_mime()
    {
        var top = await app.AddSubscriberAsync("daily-top@example.com");
        var speech = await app.AddSubscriberAsync("daily-speech@example.com", topics: "speech");
        var weekly = await app.AddSubscriberAsync("weekly-cl@example.com", DigestFrequency.Weekly, topics: "cs.cl");

        var daily = await app.ComposeAsync(Thursday, top, speech);
        var week = await app.ComposeAsync(Week32, weekly);
        Assert.Equal((2, 0), (daily.Queued, daily.AlreadyQueued));
        Assert.Equal(1, week.Queued);
        Assert.True((await app.SendAsync()).Sent >= 3);

        var topMail = await DigestFor("daily-top@example.com", "daily:2025-08-07");
        Assert.Equal(["Diffusion transformers for speech synthesis", "Reasoning in large language models",
            "Graph networks for molecules"], Titles(topMail));
        Assert.Equal(["Diffusion transformers for speech synthesis", "Speech recognition at scale"],
            Titles(await DigestFor("daily-speech@example.com", "daily:2025-08-07")));
        var weeklyMail = await DigestFor("weekly-cl@example.com", "weekly:2025-W32");
        Assert.Equal(["Ünïcode and emoji 🚀 in titles", "Diffusion transformers for speech synthesis",
            "Reasoning in large language models"], Titles(weeklyMail));

        // Standards: sender identity, Message-ID as stored, Date, RFC 8058 headers, UTF-8 multipart/alternative.
        var row = Assert.Single(await app.OutboxAsync(top));
        Assert.Equal((OutboxState.Sent, row.MessageId), (row.State, topMail.MessageId));
        Assert.Equal("papers@example.org", topMail.From.Mailboxes.Single().Address);
        Assert.Equal("editors@example.org", topMail.ReplyTo.Mailboxes.Single().Address);
        Assert.NotEqual(default, topMail.Date);
        Assert.StartsWith($"<{DigestFixture.PublicUrl}/digest/unsubscribe?token=", topMail.Headers["List-Unsubscribe"],
            StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", topMail.Headers["List-Unsubscribe-Post"]);
        var alternative = Assert.IsType<MultipartAlternative>(topMail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.All(alternative.OfType<TextPart>(), p => Assert.Equal("utf-8", p.ContentType.Charset));
        Assert.Contains(alternative.OfType<TextPart>(),
            p => p.ContentTransferEncoding is ContentEncoding.QuotedPrintable or ContentEncoding.Base64);

        // Email HTML: tables and inline styles, dark-mode hints, absolute links, a visible unsubscribe link, no images
        // or scripts.
        var html = topMail.HtmlBody!;
        Assert.Contains("<table role=\"presentation\"", html, StringComparison.Ordinal);
        Assert.Contains("prefers-color-scheme: dark", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{DigestFixture.PublicUrl}/papers/2508.00001\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://github.com/example/2508.00001\"", html, StringComparison.Ordinal);
        Assert.Contains($"{DigestFixture.PublicUrl}/subscribe/unsubscribe?token=", html, StringComparison.Ordinal);
        Assert.Contains("Ada Lovelace, Alan Turing", html, StringComparison.Ordinal);
        Assert.Contains("Our method beats the baselines.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("third sentence", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(href|src)=\"/", html);

        // Re-running compose queues nothing twice; sending again sends nothing.
        var again = await app.ComposeAsync(Thursday, top, speech);
        Assert.Equal((0, 2), (again.Queued, again.AlreadyQueued));
        Assert.Equal(0, (await app.SendAsync()).Sent);
        Assert.Single(app.Smtp.Messages, m => m.MessageId == topMail.MessageId);

        // Friday features the diffusion paper again: a subscriber who got it on Thursday does not get it twice.
        await app.ComposeAsync(Friday, top);
        await app.SendAsync();
        var friday = await DigestFor("daily-top@example.com", "daily:2025-08-08");
        Assert.Equal(["Ünïcode and emoji 🚀 in titles", "Sparse attention kernels"], Titles(friday));
    }

    [Fact]
    public async Task A_paper_curators_hid_is_neither_composed_into_a_digest_nor_sent_in_one_composed_before()
    {
        var day = new DateOnly(2025, 9, 1);
        var featured = new Features.Papers.FeaturedOn(day, day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), null);
        await app.ImportAsync([.. new[] { ("2509.00001", "Quokka burrows", 100), ("2509.00002", "Wombat burrows", 1) }
            .Select(p => new Features.Papers.PaperRecord
            {
                Id = p.Item1, Title = p.Item2, Abstract = "", Upvotes = p.Item3, Origin = p.Item1, Featured = featured,
            })]);
        Task SetHiddenAsync(bool hidden) => app.WithDbAsync(db =>
            db.Papers.Where(p => p.Id == "2509.00001").ExecuteUpdateAsync(s => s.SetProperty(p => p.IsHidden, hidden)));

        // Composed while the paper is visible, hidden before the digest goes out.
        var before = await app.AddSubscriberAsync("hidden-after-compose@example.com");
        await app.ComposeAsync(FeedPeriod.Day(day), before);
        Assert.Equal("2509.00001 2509.00002", Assert.Single(await app.OutboxAsync(before)).PaperIds);
        await SetHiddenAsync(true);
        // Composed while it is hidden.
        var after = await app.AddSubscriberAsync("hidden-before-compose@example.com");
        await app.ComposeAsync(FeedPeriod.Day(day), after);
        Assert.Equal("2509.00002", Assert.Single(await app.OutboxAsync(after)).PaperIds);

        await app.SendAsync();
        await SetHiddenAsync(false);
        foreach (var email in new[] { "hidden-after-compose@example.com", "hidden-before-compose@example.com" })
            Assert.Equal(["Wombat burrows"], Titles(await DigestFor(email, "daily:2025-09-01")));
        // Out of the way of the scheduled-compose tests, which compose for every active subscriber.
        await app.WithDbAsync(db => db.DigestSubscriptions.Where(s => s.Id == before || s.Id == after)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Disabled)));
    }

    [Fact]
    public async Task
        Subscribers_who_share_papers_each_get_the_rendered_digest_with_their_own_links_and_are_marked_sent()
    {
        string[] emails = ["shared-1@example.com", "shared-2@example.com"];
        int[] ids = [await app.AddSubscriberAsync(emails[0], topics: "cs.lg"),
            await app.AddSubscriberAsync(emails[1], topics: "cs.lg")];
        await app.ComposeAsync(Thursday, ids);
        Assert.Equal(2, (await app.SendAsync()).Sent);

        var tokens = new List<string>();
        for (var i = 0; i < ids.Length; i++)
        {
            var mail = await DigestFor(emails[i], "daily:2025-08-07");
            var row = Assert.Single(await app.OutboxAsync(ids[i]));
            Assert.Equal((OutboxState.Sent, app.Clock.GetUtcNow().UtcDateTime, null, null),
                (row.State, row.SentAt, row.LeaseUntil, row.LastError));
            var token = Uri.UnescapeDataString(mail.Headers["List-Unsubscribe"]!.Split("token=")[1].TrimEnd('>'));
            tokens.Add(token);

            // The same mail as the renderer makes of the whole digest, though the sender encodes the shared part once.
            var expected = await RenderAsync(new
                DigestContent(emails[i], Thursday, "cs.lg", await PapersAsync(row.PaperIds), token), row.MessageId);
            Assert.Equal(expected.Html, mail.HtmlBody);
            Assert.Equal(expected.Text, mail.TextBody!.ReplaceLineEndings("\n"));
            Assert.Equal(expected.Subject, mail.Subject);
            Assert.All(expected.Headers, h => Assert.Equal(h.Value, mail.Headers[h.Key]));
        }
        Assert.Equal(2, tokens.Distinct().Count());
    }

    private Task<List<Features.Papers.PaperView>> PapersAsync(string paperIds) => app.WithDbAsync(async db =>
    {
        var ids = paperIds.Split(' ');
        var papers = await Features.Papers.PaperViews.LoadAsync(db, ids, CancellationToken.None);
        return ids.Select(id => papers[id]).ToList();
    });

    private Task<Features.Mail.OutgoingMail> RenderAsync(DigestContent content, string messageId) =>
        app.WithAsync(s => Task.FromResult(s.GetRequiredService<DigestRenderer>().Render(content,
            DigestFixture.PublicUrl, messageId)));

    [Fact]
    public async Task One_click_unsubscribe_works_without_cookies_or_antiforgery()
    {
        var id = await app.AddSubscriberAsync("one-click@example.com");
        await app.ComposeAsync(Thursday, id);
        await app.SendAsync();
        var mail = await DigestFor("one-click@example.com", "daily:2025-08-07");
        var url = mail.Headers["List-Unsubscribe"]!.Trim('<', '>');

        using var client = app.CreateClient(new WebApplicationFactoryClientOptions
            { HandleCookies = false, AllowAutoRedirect = false });
        var response = await client.PostAsync(DigestFixture.Local(url),
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await app.SubscriptionAsync("one-click@example.com"))!.Status);

        // No digest for an unsubscribed address; a repeated POST is harmless; a forged token changes nothing.
        Assert.Equal(0, (await app.ComposeAsync(Friday, id)).Queued);
        Assert.Equal(HttpStatusCode.OK, (await
            client.PostAsync(DigestFixture.Local(url),
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode);
        var forged = await client.PostAsync("/digest/unsubscribe?token=forged",
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("This link is not valid", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unsubscribe_link_shows_a_button_and_only_the_posted_form_unsubscribes()
    {
        var id = await app.AddSubscriberAsync("by-link@example.com");
        await app.ComposeAsync(Thursday, id);
        await app.SendAsync();
        var link = DigestFixture.Local(DigestFixture.LinkIn(await DigestFor("by-link@example.com", "daily:2025-08-07"),
            "/subscribe/unsubscribe?token="));

        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await DigestFixture.AntiforgeryTokenAsync(client, link);
        Assert.Equal(SubscriptionStatus.Active, (await app.SubscriptionAsync("by-link@example.com"))!.Status);
            // a link scanner's GET changes nothing
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        var response = await client.PostAsync("/subscribe/unsubscribe", new FormUrlEncodedContent(
            [new("Token", query["token"]!), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are unsubscribed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await app.SubscriptionAsync("by-link@example.com"))!.Status);
    }

    [Fact]
    public async Task The_manage_link_changes_settings_without_signing_in_and_rejects_forged_or_expired_tokens()
    {
        var id = await app.AddSubscriberAsync("manage@example.com");
        var tokens = app.Services.GetService(typeof(DigestTokens)) as DigestTokens;
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = "/subscribe/manage?token=" + Uri.EscapeDataString(tokens!.Manage(id));
        var antiforgery = await DigestFixture.AntiforgeryTokenAsync(client, path);
        var response = await client.PostAsync("/subscribe/manage?handler=Save", new FormUrlEncodedContent(
        [
            new("Token", tokens.Manage(id)), new("__RequestVerificationToken", antiforgery),
                new("Input.Frequency", "Weekly"),
            new("Input.WeeklyDay", "Friday"), new("Input.DeliveryHour", "18"),
                new("Input.TimeZone", "America/New_York"), new("Input.Topics", "cs.LG"),
        ]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await app.SubscriptionAsync("manage@example.com");
        Assert.Equal((DigestFrequency.Weekly, DayOfWeek.Friday, 18, "America/New_York", "cs.lg"),
            (saved!.Frequency, saved.WeeklyDay, saved.DeliveryHour, saved.TimeZone, saved.Topics));

        var forged = await client.GetAsync("/subscribe/manage?token=abc");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var expired = await client.GetAsync("/subscribe/manage?token="
            + Uri.EscapeDataString(tokens.Create(id, TokenPurpose.Manage, app.Clock.GetUtcNow().AddDays(-1))));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("This link has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_4xx_is_retried_after_a_backoff_and_then_sent_once()
    {
        var id = await app.AddSubscriberAsync("transient@example.com");
        await app.ComposeAsync(Thursday, id);
        app.Smtp.FailNext(SmtpReplyCode.InsufficientStorage);
        var first = await app.SendAsync();
        Assert.Equal((0, 1), (first.Sent, first.Retrying));
        var row = Assert.Single(await app.OutboxAsync(id));
        Assert.Equal((OutboxState.Pending, 1), (row.State, row.Attempts));
        Assert.Contains("452", row.LastError, StringComparison.Ordinal);
        Assert.True(row.NextAttemptAt > app.Clock.GetUtcNow().UtcDateTime);

        Assert.Equal(0, (await app.SendAsync()).Sent); // not before the backoff
        app.Clock.Now += DigestSender.Backoff(1);
        Assert.Equal(1, (await app.SendAsync()).Sent);
        var mail = await DigestFor("transient@example.com", "daily:2025-08-07");
        Assert.Single(app.Smtp.Messages, m => m.MessageId == mail.MessageId);
        Assert.Equal(OutboxState.Sent, Assert.Single(await app.OutboxAsync(id)).State);
    }

    [Fact]
    public async Task A_5xx_parks_the_digest_and_repeated_hard_bounces_disable_the_address()
    {
        var id = await app.AddSubscriberAsync("bounce@example.com");
        await app.ComposeAsync(Thursday, id);
        app.Smtp.FailNext(SmtpReplyCode.MailboxUnavailable);
        Assert.Equal(1, (await app.SendAsync()).Parked);
        var parked = Assert.Single(await app.OutboxAsync(id));
        Assert.Equal(OutboxState.Parked, parked.State);
        Assert.Contains("550", parked.LastError, StringComparison.Ordinal);
        Assert.Equal((SubscriptionStatus.Active, 1),
            ((await app.SubscriptionAsync("bounce@example.com"))!.Status,
            (await app.SubscriptionAsync("bounce@example.com"))!.HardBounces));

        await app.ComposeAsync(Friday, id);
        app.Smtp.FailNext(SmtpReplyCode.MailboxUnavailable);
        Assert.Equal(1, (await app.SendAsync()).Parked);
        Assert.Equal(SubscriptionStatus.Disabled, (await app.SubscriptionAsync("bounce@example.com"))!.Status);
        Assert.Equal(0, (await app.ComposeAsync(Week32, id)).Queued);
        Assert.DoesNotContain(app.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == "bounce@example.com"));
    }

    [Fact]
    public async Task An_smtp_server_that_is_down_loses_nothing()
    {
        var id = await app.AddSubscriberAsync("down@example.com");
        await app.ComposeAsync(Thursday, id);
        // A port nobody listens on: a server started and stopped.
        var closed = await Infrastructure.SmtpSink.StartAsync();
        var port = closed.Port;
        await closed.DisposeAsync();
        await using var down = app.WithWebHostBuilder(b =>
            b.UseSetting("Mail:SmtpPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var scope = down.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DigestSender>().SendDueAsync(default);

        Assert.Equal(0, result.Sent);
        var row = Assert.Single(await app.OutboxAsync(id));
        Assert.Equal(OutboxState.Pending, row.State);
        Assert.False(string.IsNullOrEmpty(row.LastError));
        app.Clock.Now += TimeSpan.FromHours(7);
        Assert.True((await app.SendAsync()).Sent >= 1);
        await DigestFor("down@example.com", "daily:2025-08-07");
    }
}
