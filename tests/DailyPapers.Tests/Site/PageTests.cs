using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Tests.Feed;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DailyPapers.Tests.Site;

[Collection(FeedCollection.Name)]
public sealed partial class PageTests(FeedFixture app)
{
    private readonly HttpClient client = app.CreateClient(new WebApplicationFactoryClientOptions
        { AllowAutoRedirect = false });

    private async Task<string> GetPageAsync(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<string> CardLinks(string html) =>
        [.. CardLink().Matches(html).Select(m => m.Groups["id"].Value)];

    [Fact]
    public async Task Every_demo_paper_of_the_day_is_on_one_of_its_pages_once()
    {
        var ids = new List<string>();
        foreach (var page in new[] { "", "?page=2", "?page=3" })
            ids.AddRange(CardLinks(await GetPageAsync($"/papers/date/2025-08-07{page}")));

        Assert.Equal(133, ids.Count);
        Assert.Equal(133, ids.Distinct().Count());
        Assert.Contains("flow-of-reasoning-efficient-training-of-llm-policy-with-divergent-thinking", ids);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/papers/date/2025-08-07?page=4")).StatusCode);
    }

    [Fact]
    public async Task The_home_page_shows_the_latest_featured_day()
    {
        var html = await GetPageAsync("/");
        Assert.Contains("Saturday, August 9, 2025", html, StringComparison.Ordinal);
        Assert.Equal(["xss-paper"], CardLinks(html));
    }

    [Fact]
    public async Task Shared_links_preview_as_text_with_encoded_titles_and_no_address_the_site_does_not_know()
    {
        var paper = await GetPageAsync("/papers/xss-paper");
        var home = await GetPageAsync("/");

        // The title is the paper's, encoded like the rest of the page; the test server knows no public address,
        // so no og:url and no og:image (both must be absolute), and the card is a text one.
        Assert.Matches("""<meta property="og:title" content="[^"<>]*&lt;script&gt;[^"<>]*">""", paper);
        Assert.Contains("""<meta property="og:type" content="article">""", paper);
        Assert.Contains("""<meta name="twitter:card" content="summary">""", paper);
        Assert.DoesNotContain("og:url", paper, StringComparison.Ordinal);
        Assert.DoesNotContain("og:image", paper, StringComparison.Ordinal);
        Assert.Contains("""<meta property="og:type" content="website">""", home);
        Assert.Contains("""<meta property="og:site_name" content="DailyPapers">""", home);
    }

    [Fact]
    public async Task A_day_page_sorts_by_upvotes_by_default_and_by_recency_on_request()
    {
        Assert.Equal(["2508.05629", "2212.07677", "2508.04012"],
            CardLinks(await GetPageAsync("/papers/date/2025-08-08")));
        Assert.Equal(["2212.07677", "2508.04012", "2508.05629"],
            CardLinks(await GetPageAsync("/papers/date/2025-08-08?sort=recent")));
        Assert.Equal(["2508.05629", "2212.07677", "2508.04012"],
            CardLinks(await GetPageAsync("/papers/date/2025-08-08?sort=bogus")));
    }

    [Fact]
    public async Task Week_and_month_pages_list_their_papers_and_navigate_to_neighbouring_periods()
    {
        var week = await GetPageAsync("/papers/week/2025-W01");
        Assert.Equal(["monday-2025-w01", "new-year-2025-w01"], CardLinks(week).Order(StringComparer.Ordinal));
        Assert.Contains("href=\"/papers/week/2024-W52\" rel=\"prev\"", week, StringComparison.Ordinal);
        Assert.Contains("href=\"/papers/week/2025-W32\" rel=\"next\"", week, StringComparison.Ordinal);

        var month = await GetPageAsync("/papers/month/2024-12");
        Assert.Equal(["monday-2025-w01", "sunday-2024-w52"], CardLinks(month).Order(StringComparer.Ordinal));
        Assert.Contains("href=\"/papers/month/2021-01\" rel=\"prev\"", month, StringComparison.Ordinal);
        Assert.Contains("href=\"/papers/month/2025-01\" rel=\"next\"", month, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paper_page_shows_its_abstract_authors_and_links()
    {
        var html = await GetPageAsync("/papers/2508.05629");

        Assert.Contains("Test-Time Scaling of Reasoning Models via Parallel Thinking", html, StringComparison.Ordinal);
        Assert.Contains("We study parallel thinking for reasoning models.", html, StringComparison.Ordinal);
        Assert.Contains("Zoë Müller-Øberg", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://arxiv.org/abs/2508.05629\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://arxiv.org/pdf/2508.05629\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://github.com/example-org/parallel-think\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/papers/date/2025-08-08\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listing_paper_has_no_arxiv_links()
    {
        var html =
            await GetPageAsync("/papers/flow-of-reasoning-efficient-training-of-llm-policy-with-divergent-thinking");
        Assert.DoesNotContain("arxiv.org", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://github.com/Yu-Fangxu/FoR\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_versioned_id_redirects_to_the_canonical_page()
    {
        var response = await client.GetAsync("/papers/2212.07677v2");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/papers/2212.07677", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/papers/9999.99999")]
    [InlineData("/papers/date/2025-13-01")]
    [InlineData("/papers/week/2025-W60")]
    [InlineData("/papers/month/2025-00")]
    [InlineData("/no/such/page")]
    public async Task Unknown_pages_get_a_friendly_404(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/papers/date/2025-08-09")]
    [InlineData("/papers/week/2025-W32")]
    [InlineData("/papers/month/2025-08")]
    [InlineData("/papers/xss-paper")]
    public async Task Titles_and_abstracts_are_html_encoded_everywhere(string url)
    {
        var page = 1;
        string html;
        do html = await GetPageAsync(url + (page > 1 ? $"?page={page}" : ""));
        while (!html.Contains("Attacks &amp; Defenses", StringComparison.Ordinal) && ++page <= 3);

        Assert.Contains("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; Attacks &amp; Defenses", html,
            StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>markup</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_is_reachable_from_the_home_page()
    {
        var home = await GetPageAsync("/");
        // Week and month are on the list's one day/week/month switch.
        string[] links =
        [
            "href=\"/docs/api\"", "href=\"/papers/feed.xml\"", "href=\"/papers/week/2025-W32\"",
            "href=\"/papers/month/2025-08\"", "href=\"/openapi/v1.json\"",
        ];
        foreach (var link in links)
            Assert.Contains(link, home, StringComparison.Ordinal);

        var week = await client.GetAsync("/papers/week");
        Assert.Equal(HttpStatusCode.Redirect, week.StatusCode);
        Assert.Equal("/papers/week/2025-W32", week.Headers.Location?.OriginalString);
        Assert.Contains("GET /api/daily_papers", await GetPageAsync("/docs/api"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_send_a_strict_content_security_policy_and_no_inline_script()
    {
        var response = await client.GetAsync("/");
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
        Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<h3 class=""card-title""><a href=""/papers/(?<id>[^""]+)"">")]
    private static partial Regex CardLink();
}

public sealed class EmptyInstancePageTests : IAsyncLifetime
{
    private readonly AppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)app).DisposeAsync();

    [Fact]
    public async Task An_empty_instance_explains_how_to_import_papers()
    {
        var html = await app.CreateClient().GetStringAsync("/");
        Assert.Contains("import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("card-title", html, StringComparison.Ordinal);
        Assert.Equal("[]", await app.CreateClient().GetStringAsync("/api/daily_papers"));
    }
}
