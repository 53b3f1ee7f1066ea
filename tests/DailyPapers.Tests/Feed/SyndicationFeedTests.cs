using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;

namespace DailyPapers.Tests.Feed;

[Collection(FeedCollection.Name)]
public sealed class SyndicationFeedTests(FeedFixture app)
{
    private readonly HttpClient client = app.CreateClient();

    private async Task<(SyndicationFeed Feed, string Xml)> LoadAsync(string url, string mediaType)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var xml = await response.Content.ReadAsStringAsync();
        using var reader = XmlReader.Create(new StringReader(xml),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return (SyndicationFeed.Load(reader), xml);
    }

    [Fact]
    public async Task The_latest_feed_is_valid_rss_2_with_stable_guids_and_rfc822_dates()
    {
        var (feed, xml) = await LoadAsync("/papers/feed.xml", "application/rss+xml");

        var item = Assert.Single(feed.Items);
        Assert.Equal(FeedFixture.XssTitle, item.Title.Text);
        Assert.Equal(new DateTimeOffset(2025, 8, 9, 9, 30, 0, TimeSpan.Zero), item.PublishDate);
        Assert.EndsWith("/papers/xss-paper", item.Id, StringComparison.Ordinal);

        var rss = XDocument.Parse(xml).Root!;
        Assert.Equal("rss", rss.Name.LocalName);
        Assert.Equal("2.0", rss.Attribute("version")?.Value);
        var channel = rss.Element("channel")!;
        Assert.NotNull(channel.Element("title"));
        Assert.NotNull(channel.Element("link"));
        Assert.NotNull(channel.Element("description"));
        var rssItem = channel.Element("item")!;
        Assert.Matches(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) " +
            @"\d{4} \d{2}:\d{2}:\d{2} (Z|GMT|[+-]\d{4})$",
            rssItem.Element("pubDate")!.Value);
        Assert.Equal(item.Id, rssItem.Element("guid")!.Value);
    }

    [Fact]
    public async Task Titles_and_abstracts_are_escaped_not_injected()
    {
        var (feed, xml) = await LoadAsync("/papers/date/2025-08-09/feed.xml", "application/rss+xml");

        Assert.DoesNotContain("<script>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", xml, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", xml, StringComparison.Ordinal);
        Assert.StartsWith(FeedFixture.XssAbstract, Assert.Single(feed.Items).Summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_day_feed_in_atom_lists_every_paper_with_rfc3339_dates()
    {
        var (feed, xml) = await LoadAsync("/papers/date/2025-08-07/feed.xml?format=atom", "application/atom+xml");

        Assert.Equal(133, feed.Items.Count());
        Assert.Equal(133, feed.Items.Select(i => i.Id).Distinct().Count());
        var atom = XDocument.Parse(xml).Root!;
        XNamespace ns = "http://www.w3.org/2005/Atom";
        Assert.Equal(ns + "feed", atom.Name);
        Assert.NotNull(atom.Element(ns + "id"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
            atom.Element(ns + "updated")!.Value);
        Assert.All(atom.Elements(ns + "entry"), e =>
        {
            Assert.NotNull(e.Element(ns + "id"));
            Assert.NotNull(e.Element(ns + "title"));
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
                e.Element(ns + "updated")!.Value);
        });
    }

    [Fact]
    public async Task Guids_are_stable_across_requests_and_periods()
    {
        var (day, _) = await LoadAsync("/papers/date/2025-08-08/feed.xml", "application/rss+xml");
        var (week, _) = await LoadAsync("/papers/week/2025-W32/feed.xml", "application/rss+xml");
        var (again, _) = await LoadAsync("/papers/date/2025-08-08/feed.xml", "application/rss+xml");

        Assert.Equal(day.Items.Select(i => i.Id), again.Items.Select(i => i.Id));
        Assert.Subset(week.Items.Select(i => i.Id).ToHashSet(), day.Items.Select(i => i.Id).ToHashSet());
        Assert.Equal(137, week.Items.Count());
    }

    [Fact]
    public async Task Min_upvotes_filters_and_items_are_most_upvoted_first()
    {
        var (feed, _) = await LoadAsync("/papers/month/2025-08/feed.xml?min_upvotes=10", "application/rss+xml");
        Assert.Equal(["Test-Time Scaling of Reasoning Models via Parallel Thinking",
            "Transformers learn in-context by gradient descent"],
            feed.Items.Select(i => i.Title.Text));
    }

    [Fact]
    public async Task A_period_with_no_papers_is_a_valid_empty_feed()
    {
        var (feed, _) = await LoadAsync("/papers/date/2030-01-01/feed.xml?format=atom", "application/atom+xml");
        Assert.Empty(feed.Items);
    }

    [Theory]
    [InlineData("/papers/date/2025-02-30/feed.xml", "Invalid date '2025-02-30': expected YYYY-MM-DD")]
    [InlineData("/papers/week/2025-W54/feed.xml", "Invalid week '2025-W54': 2025 has 52 ISO weeks")]
    [InlineData("/papers/feed.xml?format=json", "Invalid format 'json': expected rss or atom")]
    [InlineData("/papers/feed.xml?min_upvotes=-1", "Invalid min_upvotes '-1': expected a non-negative integer")]
    public async Task Bad_feed_parameters_get_400_with_a_message(string url, string message)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
    }
}
