using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Community;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Site;

/// <summary>
/// Compression, ETags and the output cache of public pages, seen through HTTP: what a signed-out visitor gets is
/// shared and fast, a change shows at once, and nobody is ever served a signed-in person's page.
/// </summary>
[Collection(CommunityCollection.Name)]
public sealed partial class PageCachingTests(CommunityFixture app)
{
    /// <summary>Papers featured on a day of their own, so each test's lists hold only its papers.</summary>
    private async Task<(string Paper, string Day)> FeaturePaperAsync(int n, int upvotes = 5)
    {
        var day = new DateOnly(2023, 1, 1).AddDays(n);
        var paper = CommunityFixture.Fresh(700 + n);
        var published = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(n - 1);
        await app.ImportAsync([new PaperRecord
        {
            Id = paper, Title = $"Cached paper {n}", Abstract = "About caching.", Authors = ["Grace Hopper"],
            PublishedAt = published, Origin = $"cache {n}", Upvotes = upvotes,
            Featured = new FeaturedOn(day, published.AddHours(1), null),
        }]);
        return (paper, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url,
        string? encoding = null, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (encoding is not null) request.Headers.AcceptEncoding.ParseAdd(encoding);
        if (etag is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }

    /// <summary>The count on the paper's card of a list, or on the paper's own page.</summary>
    private static int ShownUpvotes(string html, string paper)
    {
        var card = Card().Matches(html)
            .FirstOrDefault(c => c.Value.Contains($"/papers/{paper}\"", StringComparison.Ordinal));
        var count = VoteCount().Match(card?.Value ?? html).Groups[1].Value;
        return int.Parse(count, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip;q=0.5, br", "br")]
    [InlineData("identity", null)]
    public async Task The_home_page_is_compressed_as_the_client_asks(string accept, string? expected)
    {
        var response = await GetAsync(app.CreateClient(), "/", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Stream body = expected switch
        {
            "br" => new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress),
            _ => new MemoryStream(bytes),
        };
        var html = await new StreamReader(body).ReadToEndAsync();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("</html>", html, StringComparison.Ordinal);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Fact]
    public async Task Lists_feeds_pages_and_thumbnails_answer_304_to_their_own_etag_and_200_to_another()
    {
        var (paper, day) = await FeaturePaperAsync(1);
        var client = app.CreateClient();
        foreach (var url in new[] { $"/api/daily_papers?date={day}", "/papers/feed.xml", $"/papers/date/{day}/feed.xml",
                     $"/papers/{paper}/thumbnail.svg", $"/api/papers/{paper}", $"/papers/{paper}", "/" })
        {
            var first = await GetAsync(client, url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag?.ToString();
            Assert.NotNull(etag);

            // Twice: the first may render the page, the second is answered from the cache.
            for (var i = 0; i < 2; i++)
            {
                var again = await GetAsync(client, url, etag: etag);
                Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
                Assert.Empty(await again.Content.ReadAsByteArrayAsync());
            }
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, url, etag: "W/\"something-else\"")).StatusCode);
        }
    }

    [Fact]
    public async Task A_changed_list_gets_a_new_etag_so_a_client_with_the_old_one_gets_the_new_list()
    {
        var (paper, day) = await FeaturePaperAsync(2);
        var client = app.CreateClient();
        var url = $"/api/daily_papers?date={day}";
        var etag = (await GetAsync(client, url)).Headers.ETag!.ToString();

        var voter = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));
        await voter.PostAsync($"/api/papers/{paper}/upvote", null);

        var after = await GetAsync(client, url, etag: etag);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("\"upvotes\":6", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_pages_are_served_from_the_cache_and_a_vote_shows_on_them_at_once()
    {
        var (paper, day) = await FeaturePaperAsync(3);
        var anonymous = app.CreateClient();
        var pages = new[] { $"/papers/date/{day}", $"/papers/{paper}" };
        foreach (var page in pages) Assert.Equal(5, ShownUpvotes(await anonymous.GetStringAsync(page), paper));

        // A write that bypasses the site (as a raw SQL edit would) is not seen: the pages come from the cache.
        await app.WithDbAsync(db => db.Papers.Where(p => p.Id == paper)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, "Edited behind the cache")));
        foreach (var page in pages)
        {
            var html = await anonymous.GetStringAsync(page);
            Assert.DoesNotContain("Edited behind the cache", html, StringComparison.Ordinal);
        }

        // A vote through the site evicts them.
        var voter = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));
        Assert.Equal(HttpStatusCode.OK, (await voter.PostAsync($"/api/papers/{paper}/upvote", null)).StatusCode);
        foreach (var page in pages)
        {
            var html = await anonymous.GetStringAsync(page);
            Assert.Equal(6, ShownUpvotes(html, paper));
            Assert.Contains("Edited behind the cache", html, StringComparison.Ordinal);
        }
        var json = await anonymous.GetStringAsync($"/api/daily_papers?date={day}");
        Assert.Contains("\"upvotes\":6", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imports_curation_and_comments_show_at_once_on_cached_pages()
    {
        var (paper, day) = await FeaturePaperAsync(4);
        var anonymous = app.CreateClient();
        var list = $"/papers/date/{day}";
        Task<string> Api() => anonymous.GetStringAsync($"/api/daily_papers?date={day}");
        Assert.Contains("Cached paper 4", await anonymous.GetStringAsync(list), StringComparison.Ordinal);
        Assert.Contains("Cached paper 4", await Api(), StringComparison.Ordinal);

        await app.ImportAsync([new PaperRecord
        {
            Id = paper, Title = "Cached paper 4, second version", Abstract = "About caching.",
            Authors = ["Grace Hopper"], PublishedAt = new DateTime(2023, 1, 4, 0, 0, 0, DateTimeKind.Utc),
            Origin = "cache 4 again",
        }]);
        var renamed = await anonymous.GetStringAsync(list);
        Assert.Contains("Cached paper 4, second version", renamed, StringComparison.Ordinal);
        Assert.Contains("Cached paper 4, second version", await Api(), StringComparison.Ordinal);

        var commenter = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));
        var commented = await commenter.PostAsync($"/api/papers/{paper}/comments",
            new StringContent("""{"comment":"Seen at once"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(commented.IsSuccessStatusCode, await commented.Content.ReadAsStringAsync());
        Assert.Contains("Seen at once", await anonymous.GetStringAsync($"/papers/{paper}"), StringComparison.Ordinal);

        var curator = await app.SignedInAsync(await app.CreateUserAsync(role: Roles.Curator));
        var form = $"/admin/curate?paper={paper}";
        var hidden = await CommunityFixture.PostFormAsync(curator, form, $"{form}&handler=Hide",
            new() { ["Hidden"] = "true" });
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        Assert.DoesNotContain("Cached paper 4", await anonymous.GetStringAsync(list), StringComparison.Ordinal);
        Assert.DoesNotContain(paper, await Api(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/papers/{paper}")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_pages_are_never_cached_nor_served_to_anyone_else()
    {
        var (paper, day) = await FeaturePaperAsync(5);
        var ada = await app.CreateUserAsync(app.NewName("ada"));
        var bob = await app.CreateUserAsync(app.NewName("bob"));
        var adaClient = await app.SignedInAsync(ada);
        var bobClient = await app.SignedInAsync(bob);
        var vote = await CommunityFixture.PostFormAsync(adaClient, $"/papers/{paper}", $"/papers/{paper}/vote",
            new() { ["upvote"] = "true", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, vote.StatusCode);

        foreach (var page in new[] { "/", $"/papers/date/{day}", $"/papers/{paper}" })
        {
            for (var i = 0; i < 2; i++)
            {
                var anonymous = await app.CreateClient().GetStringAsync(page);
                Assert.DoesNotContain("id=\"current-user\"", anonymous, StringComparison.Ordinal);
                var asAda = await adaClient.GetStringAsync(page);
                Assert.Contains($">{ada.UserName}</a>", asAda, StringComparison.Ordinal);
                var asBob = await bobClient.GetStringAsync(page);
                Assert.Contains($">{bob.UserName}</a>", asBob, StringComparison.Ordinal);
                Assert.DoesNotContain(ada.UserName!, asBob, StringComparison.Ordinal);
            }
        }
        var adaPaper = await adaClient.GetStringAsync($"/papers/{paper}");
        Assert.Contains("aria-pressed=\"true\"", adaPaper, StringComparison.Ordinal);
        var bobPaper = await bobClient.GetStringAsync($"/papers/{paper}");
        Assert.DoesNotContain("aria-pressed=\"true\"", bobPaper, StringComparison.Ordinal);
        // A signed-in page that the browser asks to revalidate with the anonymous page's ETag is sent in full.
        var anonymousTag = (await GetAsync(app.CreateClient(), $"/papers/{paper}")).Headers.ETag!.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/papers/{paper}");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(anonymousTag));
        Assert.Equal(HttpStatusCode.OK, (await adaClient.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Cached_anonymous_responses_are_public_for_a_minute_and_signed_in_pages_are_not()
    {
        var (paper, day) = await FeaturePaperAsync(6);
        var adaClient = await app.SignedInAsync(await app.CreateUserAsync(app.NewName("ada")));
        foreach (var url in new[] { "/", $"/papers/date/{day}", $"/papers/{paper}", $"/api/daily_papers?date={day}",
                     "/papers/feed.xml" })
        {
            // Twice: the first response is rendered, the second comes from the output cache with its headers.
            for (var i = 0; i < 2; i++)
            {
                var anonymous = await GetAsync(app.CreateClient(), url, "gzip");
                Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
                Assert.True(anonymous.Headers.CacheControl?.Public, $"{url}: {anonymous.Headers.CacheControl}");
                Assert.Equal(TimeSpan.FromMinutes(1), anonymous.Headers.CacheControl?.MaxAge);
                Assert.Contains("Cookie", anonymous.Headers.Vary);
                Assert.Contains("Accept-Encoding", anonymous.Headers.Vary);
            }
            if (url.StartsWith("/api", StringComparison.Ordinal) || url.EndsWith(".xml", StringComparison.Ordinal))
                continue;
            var signedIn = await GetAsync(adaClient, url, "gzip");
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.False(signedIn.Headers.CacheControl?.Public ?? false, $"{url}: {signedIn.Headers.CacheControl}");
            Assert.Null(signedIn.Headers.CacheControl?.MaxAge);
        }
        // A page that is not public content (a form) is never public.
        var form = await GetAsync(app.CreateClient(), "/account/sign-in");
        Assert.False(form.Headers.CacheControl?.Public ?? false, form.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_anonymous_home_page_has_no_form_tokens_and_a_vote_is_a_link_to_sign_in()
    {
        var response = await app.CreateClient().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.DoesNotContain("method=\"post\"", html, StringComparison.Ordinal);
        var cards = Card().Matches(html);
        Assert.NotEmpty(cards);
        Assert.All(cards, card =>
            Assert.Matches("""<a class="vote-button" href="/account/sign-in\?ReturnUrl=%2F"[^>]*>""", card.Value));
        Assert.Contains("<form method=\"get\" action=\"/subscribe\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_subscribe_box_of_a_signed_out_visitor_leads_to_the_full_form_with_the_address_filled_in()
    {
        var page = await app.CreateClient().GetStringAsync("/subscribe?email=reader%40example.org&frequency=Weekly");

        Assert.Contains("value=\"reader@example.org\"", page, StringComparison.Ordinal);
        Assert.Matches("value=\"Weekly\"[^>]*checked|checked[^>]*value=\"Weekly\"", page);
    }

    [Fact]
    public async Task Static_files_have_fingerprinted_urls_cached_for_a_year()
    {
        var html = await app.CreateClient().GetStringAsync("/");
        var css = StyleSheet().Match(html).Groups[1].Value;
        Assert.NotEqual("/css/site.css", css);

        var response = await app.CreateClient().GetAsync(css);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Contains("immutable", response.Headers.CacheControl?.Extensions.Select(e => e.Name) ?? []);

        // A file without a fingerprint is revalidated, never kept for a year by anyone.
        var plain = await app.CreateClient().GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.True(plain.Headers.CacheControl?.NoCache);
        Assert.False(plain.Headers.CacheControl?.Public);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("""<article class="card"[^>]*>[\s\S]*?</article>""")]
    private static partial Regex Card();

    [GeneratedRegex("""class="vote-count">(\d+)<""")]
    private static partial Regex VoteCount();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StyleSheet();
}
