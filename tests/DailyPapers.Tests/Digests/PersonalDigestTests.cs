using System.Net;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Feed;
using DailyPapers.Features.Search;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static DailyPapers.Tests.Digests.DigestFixture;

namespace DailyPapers.Tests.Digests;

/// <summary>
/// A signed-in subscriber's digest, chosen in the settings: followed categories and saved searches' matches come
/// first, then the top papers (or For you), and no paper arrives twice; mail through the loopback SMTP server.
/// </summary>
[Collection(DigestCollection.Name)]
public sealed class PersonalDigestTests(DigestFixture app)
{
    [Fact]
    public async Task Follows_and_saved_searches_join_the_top_papers_and_no_paper_arrives_twice()
    {
        var (user, client) = await ReaderAsync("digest-reader");
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/digest/personal",
            new() { ["content"] = "TopPapers", ["frequency"] = "Daily" })).StatusCode);
        // The robot paper has the fewest upvotes of Thursday; the speech paper is fourth: neither is in the top 3.
        await PostAsync(client, "/for-you?handler=Follow", new() { ["kind"] = "Category", ["value"] = "cs.RO" });
        var saved = await PostAsync(client, "/search?handler=Save", new() { ["q"] = "speech recognition" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var settings = await GetAsync(client, "/account/settings");
        Assert.Contains("speech recognition", settings, StringComparison.Ordinal);
        Assert.Contains("daily digest of the top papers", settings, StringComparison.Ordinal);
        var subscription = await app.SubscriptionAsync(user.Email!);
        Assert.Equal(user.Id, subscription?.UserId);
        Assert.Equal(SubscriptionStatus.Active, subscription?.Status);

        Assert.Equal(1, (await app.ComposeAsync(FeedPeriod.Day(Thursday), subscription!.Id)).Queued);
        await app.SendAsync();
        var thursdayMail = await MailAsync(user.Email!, "2025-08-07");
        var thursday = Titles(thursdayMail);
        Assert.Equal(["Robot learning from play", "Speech recognition at scale",
            "Diffusion transformers for speech synthesis", "Reasoning in large language models",
            "Graph networks for molecules"], thursday);
        // Each paper chosen for the reader says why, in both parts (a top paper that also matches the saved search
        // says so too); the other top papers need no reason.
        Assert.Equal(new Dictionary<string, string>
        {
            ["Robot learning from play"] = "You follow cs.RO",
            ["Speech recognition at scale"] = "Matches your saved search “speech recognition”",
            ["Diffusion transformers for speech synthesis"] = "Matches your saved search “speech recognition”",
        }, Reasons(thursdayMail));
        Assert.Contains(">Matches your saved search “speech recognition”</div>", thursdayMail.HtmlBody,
            StringComparison.Ordinal);

        // Friday repeats one of Thursday's papers: it is not sent again.
        await app.ComposeAsync(FeedPeriod.Day(Friday), subscription.Id);
        await app.SendAsync();
        var friday = Titles(await MailAsync(user.Email!, "2025-08-08"));
        Assert.Equal(["Ünïcode and emoji 🚀 in titles", "Sparse attention kernels"], friday);
    }

    [Fact]
    public async Task For_you_content_without_a_model_is_trending_with_follows_first_and_stop_ends_it()
    {
        var (user, client) = await ReaderAsync("digest-for-you");
        await PostAsync(client, "/digest/personal", new() { ["content"] = "ForYou", ["frequency"] = "Weekly" });
        await PostAsync(client, "/for-you?handler=Follow", new() { ["kind"] = "Category", ["value"] = "cs.CV" });
        var subscription = (await app.SubscriptionAsync(user.Email!))!;
        Assert.Equal(DigestSource.ForYou, subscription.Content);
        Assert.Equal(DigestFrequency.Weekly, subscription.Frequency);

        await app.ComposeAsync(FeedPeriod.Week(2025, 32), subscription.Id);
        var outbox = await app.OutboxAsync(subscription.Id);
        Assert.Equal("2508.00005", outbox.Single().PaperIds.Split(' ')[0]);

        await PostAsync(client, "/digest/personal", new() { ["stop"] = "true" });
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await app.SubscriptionAsync(user.Email!))?.Status);
    }

    [Fact]
    public async Task For_you_content_says_which_liked_paper_each_paper_is_like_in_both_parts()
    {
        // The liked paper is from long before the digest's week; its title needs HTML encoding.
        const string LikedTitle = "Q&A over <tables> with LLMs";
        await app.ImportAsync([Paper("2401.00042", LikedTitle, "cs.CL", new DateOnly(2024, 1, 10), 1)]);
        await StoreVectorsAsync(["2401.00042", "2508.00001", "2508.00002", "2508.00003", "2508.00004",
            "2508.00005", "2508.00006", "2508.00101", "2508.00102"]);
        var (user, client) = await ReaderAsync("digest-liker");
        await PostAsync(client, "/digest/personal", new() { ["content"] = "ForYou", ["frequency"] = "Weekly" });
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/papers/2401.00042/vote",
            new() { ["returnUrl"] = "/" })).StatusCode);
        var subscription = (await app.SubscriptionAsync(user.Email!))!;

        Assert.Equal(1, (await app.ComposeAsync(FeedPeriod.Week(2025, 32), subscription.Id)).Queued);
        await app.SendAsync();
        var mail = await MailAsync(user.Email!, "2025-W32");
        var reasons = Reasons(mail);
        // Digests:TopPapers is 3: the reader's model picks three of the week, each like the one paper they liked.
        Assert.Equal(3, reasons.Count);
        Assert.All(reasons.Values, why => Assert.Equal($"Like {LikedTitle}, which you liked", why));
        Assert.Contains(">Like Q&amp;A over &lt;tables&gt; with LLMs, which you liked</div>", mail.HtmlBody,
            StringComparison.Ordinal);
        Assert.DoesNotContain("<tables>", mail.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Embeddings for these papers (the fixture computes none): random but fixed unit vectors, in the app's vector
    /// store, where the For-you model reads them. Every paper the model ranks is then like the one liked paper.
    /// </summary>
    private async Task StoreVectorsAsync(string[] ids)
    {
        var store = app.Services.GetRequiredService<VectorStore>();
        await Poll.UntilAsync(() => store.IsLoaded ? "loaded" : null);
        var random = new Random(8);
        foreach (var id in ids)
        {
            var vector = new float[TextEmbedder.Dimensions];
            for (var i = 0; i < vector.Length; i++) vector[i] = (float)(random.NextDouble() * 2 - 1);
            var norm = MathF.Sqrt(vector.Sum(x => x * x));
            store.Upsert(id, [.. vector.Select(x => x / norm)], new PaperFacets(0, false, []));
        }
    }

    [Theory]
    [InlineData("Everything", "Daily")]
    [InlineData("ForYou", "Hourly")]
    [InlineData("1", "Daily")]
    public async Task A_bad_digest_choice_gets_400_and_changes_nothing(string content, string frequency)
    {
        var (user, client) = await ReaderAsync($"digest-bad-{content}-{frequency}".ToLowerInvariant());
        var response = await PostAsync(client, "/digest/personal",
            new() { ["content"] = content, ["frequency"] = frequency });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose top papers or For you", await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.Null(await app.SubscriptionAsync(user.Email!));
    }

    [Fact]
    public async Task Saved_searches_are_listed_deleted_and_refuse_bad_queries()
    {
        var (user, client) = await ReaderAsync("digest-searcher");
        await PostAsync(client, "/search?handler=Save", new() { ["q"] = "graph", ["category"] = "cs.LG" });
        var id = await app.WithDbAsync(db => db.Set<SavedSearch>().Where(s => s.UserId == user.Id)
            .Select(s => s.Id).SingleAsync());
        Assert.Contains("graph category:cs.LG", await GetAsync(client, "/account/settings"), StringComparison.Ordinal);

        var bad = await PostAsync(client, "/search?handler=Save", new() { ["q"] = "x", ["from"] = "not-a-date" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var empty = await PostAsync(client, "/search?handler=Save", new() { ["q"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        await PostAsync(client, "/search?handler=DeleteSaved",
            new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.False(await app.WithDbAsync(db => db.Set<SavedSearch>().AnyAsync(s => s.UserId == user.Id)));
    }

    private async Task<(User User, HttpClient Client)> ReaderAsync(string id)
    {
        var user = new User
        {
            Id = id, UserName = id, Email = $"{id}@example.org", EmailConfirmed = true,
            CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
        };
        await app.WithAsync(async services =>
        {
            var result = await services.GetRequiredService<UserManager<User>>().CreateAsync(user);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            return 0;
        });
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
        });
        client.DefaultRequestHeaders.Add("X-Test-User", id);
        return (user, client);
    }

    private static Task<string> GetAsync(HttpClient client, string path) => client.GetStringAsync(path);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string action,
        Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, "/account/settings");
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private Task<MimeMessage> MailAsync(string email, string period) =>
        app.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email)
            && (m.MessageId ?? "").Contains(period, StringComparison.Ordinal));

    /// <summary>The "(why)" line under a paper's title in the text part, by title.</summary>
    private static Dictionary<string, string> Reasons(MimeMessage message)
    {
        var lines = (message.TextBody ?? "").Split('\n');
        return lines.Zip(lines.Skip(1))
            .Where(pair => pair.First.Length > 3 && char.IsDigit(pair.First[0]) && pair.First[1] == '.'
                && pair.Second.StartsWith("   (", StringComparison.Ordinal))
            .ToDictionary(pair => pair.First[3..], pair => pair.Second.Trim()[1..^1]);
    }

    private static IReadOnlyList<string> Titles(MimeMessage message) =>
        [.. (message.TextBody ?? "").Split('\n').Where(l => l.Length > 3 && char.IsDigit(l[0]) && l[1] == '.')
            .Select(l => l[3..])];
}
