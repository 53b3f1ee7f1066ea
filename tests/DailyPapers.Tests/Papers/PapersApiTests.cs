using System.Globalization;
using System.Net;
using System.Text.Json;
using DailyPapers.Tests.Feed;

namespace DailyPapers.Tests.Papers;

[Collection(FeedCollection.Name)]
public sealed class PapersApiTests(FeedFixture app)
{
    private readonly HttpClient client = app.CreateClient();

    [Theory]
    [InlineData("2212.07677")]
    [InlineData("2212.07677v2")]
    [InlineData("2212.07677v1")]
    [InlineData("arXiv:2212.07677")]
    public async Task A_paper_is_found_by_its_arxiv_id_with_or_without_version(string id)
    {
        var paper = JsonDocument.Parse(await client.GetStringAsync($"/api/papers/{id}")).RootElement;

        Assert.Equal("2212.07677", paper.GetProperty("id").GetString());
        Assert.Equal("Transformers learn in-context by gradient descent", paper.GetProperty("title").GetString());
        Assert.Equal(["Johannes von Oswald", "Max Vladymyrov"],
            paper.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("2022-12-15T00:00:00.000Z", paper.GetProperty("publishedAt").GetString());
        Assert.Equal(19, paper.GetProperty("upvotes").GetInt32());
        Assert.False(paper.TryGetProperty("paper", out _)); // flat, not an item
    }

    [Fact]
    public async Task A_listing_paper_is_found_by_its_slug()
    {
        const string slug = "flow-of-reasoning-efficient-training-of-llm-policy-with-divergent-thinking";
        var paper = JsonDocument.Parse(await client.GetStringAsync($"/api/papers/{slug}")).RootElement;
        Assert.Equal("Flow of Reasoning: Efficient Training of LLM Policy with Divergent Thinking",
            paper.GetProperty("title").GetString());
        Assert.Equal("https://github.com/Yu-Fangxu/FoR", paper.GetProperty("githubRepo").GetString());
        Assert.Empty(paper.GetProperty("authors").EnumerateArray());
    }

    [Theory]
    [InlineData("9999.99999")]
    [InlineData("no-such-paper")]
    [InlineData("2212.07677v2x")]
    public async Task An_unknown_id_gets_404_with_an_error(string id)
    {
        var response = await client.GetAsync($"/api/papers/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"Paper '{id}' not found",
            JsonDocument.Parse(await
            response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_thumbnail_is_an_svg_card_with_the_title_escaped()
    {
        var response = await client.GetAsync("/papers/xss-paper/thumbnail.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
            // well-formed despite the title
        Assert.Contains("&lt;script&gt;", svg.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.GetAsync("/papers/no-such-paper/thumbnail.svg")).StatusCode);
    }

    [Fact]
    public async Task The_svg_card_is_a_first_page_of_title_authors_and_abstract_that_stays_inside_the_image()
    {
        var svg = System.Xml.Linq.XDocument.Parse(await client.GetStringAsync("/papers/2212.07677/thumbnail.svg"));
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").ToList();
        var lines = texts.Select(t => t.Value).ToList();

        Assert.StartsWith("DailyPapers Transformers learn in-context by gradient descent Johannes",
            string.Join(' ', lines), StringComparison.Ordinal);
        Assert.Contains("Johannes von Oswald, Max Vladymyrov", lines);
        Assert.Contains("Abstract", lines);
        Assert.All(texts, t => Assert.InRange(int.Parse(t.Attribute("y")!.Value, CultureInfo.InvariantCulture), 0,
            630));
        // No upvote count: the image is cached and shared, so a count in it would go stale.
        Assert.DoesNotContain(lines, line => line.Contains('▲', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submitters_without_a_picture_get_a_generated_avatar()
    {
        var response = await client.GetAsync("/u/janedoe/avatar.svg");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(">J</text>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openapi_describes_the_api()
    {
        var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/daily_papers", paths);
        Assert.Contains("/api/papers/{id}", paths);
        Assert.Contains("/papers/feed.xml", paths);
    }
}
