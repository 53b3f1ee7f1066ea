using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DailyPapers.Tests.Feed;

[Collection(FeedCollection.Name)]
public sealed partial class DailyPapersApiTests(FeedFixture app)
{
    private readonly HttpClient client = app.CreateClient();

    private async Task<JsonElement> GetArrayAsync(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        return json;
    }

    private static string[] Ids(JsonElement items) =>
        [.. items.EnumerateArray().Select(i => i.GetProperty("paper").GetProperty("id").GetString()!)];

    [Fact]
    public async Task A_day_lists_its_papers_newest_featured_first_by_default()
    {
        var items = await GetArrayAsync("/api/daily_papers?date=2025-08-08");
        Assert.Equal(["2212.07677", "2508.04012", "2508.05629"], Ids(items));
    }

    [Theory]
    [InlineData("trending")]
    [InlineData("upvotes")]
    public async Task Trending_and_upvotes_rank_the_most_upvoted_first(string sort)
    {
        var items = await GetArrayAsync($"/api/daily_papers?date=2025-08-08&sort={sort}");
        Assert.Equal(["2508.05629", "2212.07677", "2508.04012"], Ids(items));
    }

    [Fact]
    public async Task Items_have_the_hugging_face_shape()
    {
        var item = (await GetArrayAsync("/api/daily_papers?date=2025-08-08&sort=upvotes&limit=1"))[0];

        Assert.Equal(["isAuthorParticipating", "numComments", "paper", "publishedAt", "submittedBy", "summary",
            "thumbnail", "title"],
            item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("2025-08-08T00:12:31.012Z", item.GetProperty("publishedAt").GetString());
        Assert.Equal("Test-Time Scaling of Reasoning Models via Parallel Thinking",
            item.GetProperty("title").GetString());
        Assert.Equal(3, item.GetProperty("numComments").GetInt32());
        Assert.False(item.GetProperty("isAuthorParticipating").GetBoolean());
        Assert.EndsWith("/papers/2508.05629/thumbnail", item.GetProperty("thumbnail").GetString(),
            StringComparison.Ordinal);

        var paper = item.GetProperty("paper");
        Assert.Equal("2508.05629", paper.GetProperty("id").GetString());
        Assert.Equal(42, paper.GetProperty("upvotes").GetInt32());
        Assert.Equal("2025-08-07T17:59:59.000Z", paper.GetProperty("publishedAt").GetString());
        Assert.Equal("2025-08-08T00:12:31.012Z", paper.GetProperty("submittedOnDailyAt").GetString());
        Assert.Equal("https://github.com/example-org/parallel-think", paper.GetProperty("githubRepo").GetString());
        Assert.Equal(120, paper.GetProperty("githubStars").GetInt32());
        Assert.Equal("Parallel thinking improves test-time scaling.", paper.GetProperty("ai_summary").GetString());
        Assert.Equal(["test-time scaling", "reasoning", "parallel decoding"],
            paper.GetProperty("ai_keywords").EnumerateArray().Select(k => k.GetString()));
        Assert.Matches("^[0-9a-f]{24}$", paper.GetProperty("discussionId").GetString());

        var author = paper.GetProperty("authors")[1];
        Assert.Equal("Zoë Müller-Øberg", author.GetProperty("name").GetString());
        Assert.False(author.GetProperty("hidden").GetBoolean());
        Assert.Matches("^[0-9a-f]{24}$", author.GetProperty("_id").GetString());

        foreach (var user in new[] { item.GetProperty("submittedBy"), paper.GetProperty("submittedOnDailyBy") })
        {
            Assert.Equal(["_id", "avatarUrl", "fullname", "isPro", "name", "type", "user"],
                user.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal("akhaliq", user.GetProperty("name").GetString());
            Assert.Equal("akhaliq", user.GetProperty("user").GetString());
            Assert.Equal("AK", user.GetProperty("fullname").GetString());
            Assert.Equal("user", user.GetProperty("type").GetString());
            Assert.True(user.GetProperty("isPro").GetBoolean());
        }
    }

    [Fact]
    public async Task An_item_no_one_submitted_says_submittedBy_null_as_the_hugging_face_schema_requires_the_key()
    {
        var item = Assert.Single((await GetArrayAsync("/api/daily_papers?date=2025-08-09")).EnumerateArray());

        Assert.Equal("xss-paper", item.GetProperty("paper").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("submittedBy").ValueKind);
        // The paper's own submitter is optional in HF's schema: left out, as other null members are.
        Assert.False(item.GetProperty("paper").TryGetProperty("submittedOnDailyBy", out _));
    }

    [Fact]
    public async Task Every_datetime_is_utc_with_milliseconds_and_a_trailing_z()
    {
        var body = await client.GetStringAsync("/api/daily_papers?month=2025-08&limit=100");
        var dates = IsoDate().Matches(body).Select(m => m.Value).ToList();
        Assert.NotEmpty(dates);
        Assert.All(dates, d => Assert.Matches(@"^""\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z""$", d));
        Assert.DoesNotContain("+00:00", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_period_it_lists_the_latest_featured_day()
    {
        var items = await GetArrayAsync("/api/daily_papers");
        Assert.Equal(["xss-paper"], Ids(items));
    }

    [Theory]
    [InlineData("week=2025-W01", new[] { "new-year-2025-w01", "monday-2025-w01" })]
    [InlineData("week=2024-W52", new[] { "sunday-2024-w52" })]
    [InlineData("week=2020-W53", new[] { "sunday-2020-w53", "thursday-2020-w53" })]
    [InlineData("date=2024-12-30", new[] { "monday-2025-w01" })]
    [InlineData("month=2024-12", new[] { "monday-2025-w01", "sunday-2024-w52" })]
    [InlineData("month=2021-01", new[] { "sunday-2020-w53" })]
    [InlineData("date=2030-01-01", new string[0])]
    public async Task Iso_weeks_and_months_cross_year_boundaries_correctly(string query, string[] expected)
    {
        Assert.Equal(expected, Ids(await GetArrayAsync($"/api/daily_papers?{query}")));
    }

    [Fact]
    public async Task Pages_of_a_month_cover_every_entry_once_and_end_with_an_empty_array()
    {
        var first = Ids(await GetArrayAsync("/api/daily_papers?month=2025-08&limit=100&p=0"));
        var second = Ids(await GetArrayAsync("/api/daily_papers?month=2025-08&limit=100&p=1"));
        var past = Ids(await GetArrayAsync("/api/daily_papers?month=2025-08&limit=100&p=2"));

        Assert.Equal(100, first.Length);
        Assert.Equal(137, first.Length + second.Length); // 133 demo + 3 HF + 1
        Assert.Empty(first.Intersect(second));
        Assert.Empty(past);
        Assert.Equal(20, (await GetArrayAsync("/api/daily_papers?date=2025-08-07&limit=20")).GetArrayLength());
        Assert.Equal(50, (await GetArrayAsync("/api/daily_papers?date=2025-08-07")).GetArrayLength());
    }

    [Fact]
    public async Task Submitter_filters_by_user_name()
    {
        Assert.Equal(["2212.07677", "2508.05629"],
            Ids(await GetArrayAsync("/api/daily_papers?date=2025-08-08&submitter=akhaliq")));
        Assert.Equal(["2508.04012"], Ids(await GetArrayAsync("/api/daily_papers?week=2025-W32&submitter=JaneDoe")));
        Assert.Empty(Ids(await GetArrayAsync("/api/daily_papers?date=2025-08-08&submitter=nobody")));
    }

    [Theory]
    [InlineData("date=2025-13-01", "Invalid date '2025-13-01': expected YYYY-MM-DD")]
    [InlineData("date=20250807", "Invalid date '20250807': expected YYYY-MM-DD")]
    [InlineData("date=", "Invalid date '': expected YYYY-MM-DD")]
    [InlineData("week=2025-W1", "Invalid week '2025-W1': expected YYYY-Www (ISO 8601 week, e.g. 2025-W32)")]
    [InlineData("week=2021-W53", "Invalid week '2021-W53': 2021 has 52 ISO weeks")]
    [InlineData("week=2025-W00", "Invalid week '2025-W00': 2025 has 52 ISO weeks")]
    [InlineData("month=2025-13", "Invalid month '2025-13': expected YYYY-MM")]
    [InlineData("date=2025-08-07&week=2025-W32", "Pass only one of date, week or month")]
    [InlineData("limit=0", "Invalid limit '0': expected an integer from 1 to 100")]
    [InlineData("limit=101", "Invalid limit '101': expected an integer from 1 to 100")]
    [InlineData("limit=ten", "Invalid limit 'ten': expected an integer from 1 to 100")]
    [InlineData("limit=-5", "Invalid limit '-5': expected an integer from 1 to 100")]
    [InlineData("p=-1", "Invalid p '-1': expected a page number from 0")]
    [InlineData("p=1.5", "Invalid p '1.5': expected a page number from 0")]
    [InlineData("sort=random", "Invalid sort 'random': expected publishedAt or trending")]
    public async Task A_bad_parameter_gets_400_with_an_error_body_and_header(string query, string message)
    {
        var response = await client.GetAsync($"/api/daily_papers?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, JsonDocument.Parse(await
            response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal(message, Assert.Single(response.Headers.GetValues("X-Error-Message")));
    }

    [GeneratedRegex(@"""\d{4}-\d{2}-\d{2}T[^""]*""")]
    private static partial Regex IsoDate();
}
