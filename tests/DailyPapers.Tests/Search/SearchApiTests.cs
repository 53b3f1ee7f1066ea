using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using DailyPapers.Features.Papers;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

[Collection(SearchCollection.Name)]
public sealed class SearchApiTests(SearchFixture app)
{
    private async Task<List<JsonElement>> SearchAsync(string q, string extra = "")
    {
        var response = await app.CreateClient().GetAsync($"/api/papers/search?q={Uri.EscapeDataString(q)}{extra}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;
    }

    private static List<string> Ids(List<JsonElement> items) =>
        [.. items.Select(i => i.GetProperty("paper").GetProperty("id").GetString()!)];

    [Theory]
    [InlineData("hybrid")]
    [InlineData("keyword")]
    [InlineData("semantic")]
    public async Task Exact_words_of_a_title_find_it_first_in_every_mode(string mode)
    {
        var ids = Ids(await SearchAsync("Thinkless LLM learns when to think", $"&mode={mode}"));
        Assert.Equal("thinkless-llm-learns-when-to-think", ids[0]);
    }

    [Fact]
    public async Task A_paraphrase_sharing_no_title_word_is_found_by_meaning()
    {
        var semantic = Ids(await SearchAsync("household robot policies that work zero-shot in unseen homes",
            "&mode=semantic&limit=5"));
        Assert.Contains(semantic, id => id.StartsWith("robot-utility-models", StringComparison.Ordinal));
        var hybrid = Ids(await SearchAsync("household robot policies that work zero-shot in unseen homes", "&limit=5"));
        Assert.Contains(hybrid, id => id.StartsWith("robot-utility-models", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Items_have_the_daily_papers_shape_and_the_limit_is_respected()
    {
        var items = await SearchAsync("language models", "&limit=7");
        Assert.Equal(7, items.Count);
        var first = items[0];
        foreach (var property in new[] { "paper", "title", "summary", "publishedAt", "numComments", "thumbnail" })
            Assert.True(first.TryGetProperty(property, out _), property);
        Assert.Equal(first.GetProperty("title").GetString(),
            first.GetProperty("paper").GetProperty("title").GetString());
        var page2 = Ids(await SearchAsync("language models", "&limit=7&p=1&mode=keyword"));
        var page1 = Ids(await SearchAsync("language models", "&limit=7&mode=keyword"));
        Assert.Empty(page1.Intersect(page2));
    }

    [Fact]
    public async Task Phrases_fields_and_exclusions_narrow_keyword_results()
    {
        var phrase = Ids(await SearchAsync("\"soft actor-critic\"", "&mode=keyword"));
        Assert.Equal(["soft-actor-critic-algorithms-and-applications"], phrase);
        var author = Ids(await SearchAsync("author:oswald", "&mode=keyword"));
        Assert.Equal(["2212.07677"], author);
        var title = Ids(await SearchAsync("title:thinkless", "&mode=keyword"));
        Assert.Equal(["thinkless-llm-learns-when-to-think"], title);
        var excluded = Ids(await SearchAsync("sparse mixture routing -weather", "&mode=keyword"));
        Assert.DoesNotContain("2403.00002", excluded);
        Assert.Contains("2401.00001", excluded);
    }

    [Fact]
    public async Task Papers_with_every_word_come_first_then_papers_with_some()
    {
        var ids = Ids(await SearchAsync("sparse weather forecasting", "&mode=keyword"));
        Assert.Equal("2403.00002", ids[0]); // the only paper with all three words
        Assert.Contains("2401.00001", ids); // "sparse" alone fills the list
        Assert.Contains("2503.00003", ids);
    }

    [Fact]
    public async Task Or_asks_for_any_word_and_not_excludes_the_next()
    {
        var any = Ids(await SearchAsync("protein OR speech", "&mode=keyword"));
        Assert.Contains("2401.00001", any.Take(4));
        Assert.Contains("2503.00003", any.Take(4));
        var excluded = Ids(await SearchAsync("sparse mixture routing NOT weather", "&mode=keyword"));
        Assert.DoesNotContain("2403.00002", excluded);
        Assert.Contains("2401.00001", excluded);
    }

    [Fact]
    public async Task A_query_of_stop_words_only_finds_nothing()
    {
        Assert.Empty(await SearchAsync("the of and", "&mode=keyword"));
    }

    [Theory]
    [InlineData("sparse mixture routing category:cs.CL", new[] { "2503.00003" })]
    [InlineData("sparse mixture routing category:cs.LG", new[] { "2401.00001", "2403.00002" })]
    [InlineData("sparse mixture routing has:code from:2024-01 to:2024", new[] { "2401.00001" })]
    [InlineData("sparse mixture routing from:2024-02-01 to:2024-12-31", new[] { "2403.00002" })]
    public async Task Filters_apply_to_keyword_and_semantic_results_alike(string q, string[] expected)
    {
        foreach (var mode in new[] { "keyword", "semantic", "hybrid" })
        {
            var ids = Ids(await SearchAsync(q, $"&mode={mode}"));
            Assert.Equal(expected.Order(), ids.Order());
        }
    }

    [Theory]
    [InlineData("2212.07677")]
    [InlineData("arXiv:2212.07677v2")]
    [InlineData("https://arxiv.org/abs/2212.07677v2")]
    [InlineData("https://arxiv.org/pdf/2212.07677.pdf")]
    [InlineData("https://huggingface.co/papers/2212.07677")]
    [InlineData("https://papers.example.org/papers/2212.07677")]
    public async Task A_pasted_id_or_link_returns_that_paper_alone(string q)
    {
        Assert.Equal(["2212.07677"], Ids(await SearchAsync(q)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("\"unclosed phrase", "unclosed quote")]
    [InlineData("reasoning from:yesterday", "not a date")]
    [InlineData("reasoning has:pdf", "has:code")]
    [InlineData("author:", "needs a value")]
    [InlineData("x from:2025 to:2024", "after")]
    public async Task Bad_queries_get_400_with_an_error_that_says_why(string q, string expected)
    {
        var response = await app.CreateClient().GetAsync($"/api/papers/search?q={Uri.EscapeDataString(q)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("q=reasoning&limit=0", "limit")]
    [InlineData("q=reasoning&limit=121", "limit")]
    [InlineData("q=reasoning&limit=ten", "limit")]
    [InlineData("q=reasoning&p=-1", "p")]
    [InlineData("q=reasoning&mode=fuzzy", "mode")]
    [InlineData("limit=5", "empty")]
    public async Task Bad_parameters_get_400(string query, string expected)
    {
        var response = await app.CreateClient().GetAsync($"/api/papers/search?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected,
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!,
            StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_query_of_250_characters_is_accepted_and_251_is_not()
    {
        var words = string.Concat(Enumerable.Repeat("reasoning ", 30));
        Assert.Equal(HttpStatusCode.OK, (await
            app.CreateClient().GetAsync($"/api/papers/search?q={words[..250]}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await app.CreateClient().GetAsync($"/api/papers/search?q={words[..251]}x")).StatusCode);
    }

    [Fact]
    public async Task Text_that_looks_like_syntax_is_searched_as_text()
    {
        foreach (var q in new[] { "GPT-4: a (survey", "what is RLHF?", "C++ && || ! ^ ~ * [ ] { }", "Note: scaling" })
            await SearchAsync(q);
    }

    [Fact]
    public async Task Similar_papers_are_nearest_neighbours_without_the_paper_itself()
    {
        var response =
            await app.CreateClient().GetFromJsonAsync<List<JsonElement>>("/api/papers/2401.00001/similar?limit=5");
        var ids = Ids(response!);
        Assert.Equal(5, ids.Count);
        Assert.DoesNotContain("2401.00001", ids);
        Assert.Contains("2403.00002", ids.Take(2));
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.CreateClient().GetAsync("/api/papers/no-such-paper/similar")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await app.CreateClient().GetAsync("/api/papers/2401.00001/similar?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Nonsense_finds_nothing_rather_than_random_papers()
    {
        Assert.Empty(await SearchAsync("qwxzv plomf", "&mode=keyword"));
    }

    [Fact]
    public async Task Imports_edits_and_deletes_reach_the_index_without_a_restart()
    {
        var id = "2509.99999";
        await app.ImportAsync([new PaperRecord
            { Id = id, Title = "Quokka photometry", Abstract = "We photograph quokkas at zorblat hour.",
            Origin = "test" }]);
        await app.WaitUntilIdleAsync();
        Assert.Equal([id], Ids(await SearchAsync("quokka photometry", "&mode=keyword")));

        await app.ImportAsync([new PaperRecord
            { Id = id, Title = "Quokka photometry", Abstract = "We photograph wombats at dusk.", Version = 2,
            Origin = "test" }]);
        await app.WaitUntilIdleAsync();
        Assert.Equal([id], Ids(await SearchAsync("wombats dusk", "&mode=keyword")));
        Assert.Empty(await SearchAsync("zorblat", "&mode=keyword"));

        await app.WithDbAsync(async db =>
        {
            db.Papers.Remove(await db.Papers.FindAsync(id) ?? throw new InvalidOperationException());
            return await db.SaveChangesAsync();
        });
        app.Services.GetRequiredService<PaperChanges>().Publish([id]);
        await app.WaitUntilIdleAsync();
        Assert.Empty(await SearchAsync("wombats dusk", "&mode=keyword"));
        Assert.DoesNotContain(id, Ids(await SearchAsync("quokka photometry", "&mode=semantic")));
    }
}
