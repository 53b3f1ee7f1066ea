using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DailyPapers.Tests.Search;

/// <summary>The search page's results: a count, cards as everywhere (votes included), snippets from a whole word,
/// and no weak semantic matches.</summary>
[Collection(SearchCollection.Name)]
public sealed partial class SearchPageTests(SearchFixture app)
{
    private const string PosTagging = "modeling-of-learning-curves-with-applications-to-pos-tagging";

    private async Task<List<string>> SemanticIdsAsync(string q)
    {
        var items = await app.CreateClient().GetFromJsonAsync<JsonElement>(
            $"/api/papers/search?mode=semantic&limit=100&q={Uri.EscapeDataString(q)}");
        return [.. items.EnumerateArray().Select(i => i.GetProperty("paper").GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task Min_similarity_drops_weak_semantic_matches_video_diffusion_finds_no_pos_tagging_paper()
    {
        // With the old default (0.3) every paper of the demo passed: the model's cosines start near 0.42.
        var ids = await SemanticIdsAsync("video diffusion");
        Assert.DoesNotContain(PosTagging, ids);
        Assert.Contains(ids, id => id.StartsWith("one-more-step-", StringComparison.Ordinal)); // diffusion
        // Video recognition (cosine 0.589); AnyCam, on camera poses from videos, sits at the threshold (0.551 with the
        // float model, 0.547 with ours) and is no test of it.
        Assert.Contains(ids, id => id.StartsWith("adafocus-v2-", StringComparison.Ordinal));
        Assert.True(ids.Count < 30, $"{ids.Count} semantic matches");

        Assert.DoesNotContain(PosTagging, await app.CreateClient().GetStringAsync("/search?q=video+diffusion"),
            StringComparison.Ordinal);
        Assert.Empty(await SemanticIdsAsync("qwxz blorf"));
    }

    [Fact]
    public async Task The_page_says_how_many_papers_it_found_without_ranking_jargon()
    {
        var one = await app.CreateClient().GetStringAsync(
            "/search?q=sparse+mixture+routing&category=cs.CL&code=true");
        Assert.Contains(">1 paper found</h2>", one, StringComparison.Ordinal);

        var many = await app.CreateClient().GetStringAsync("/search?q=reasoning");
        Assert.Matches(ResultCount(), many);
        Assert.DoesNotContain("<span class=\"badge\">keyword</span>", many, StringComparison.Ordinal);
        Assert.DoesNotContain("<span class=\"badge\">meaning</span>", many, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_are_cards_with_vote_buttons_and_a_signed_out_vote_is_a_link_to_sign_in()
    {
        var html = await app.CreateClient().GetStringAsync("/search?q=thinkless");
        Assert.Contains("<article class=\"card\" id=\"paper-thinkless-llm-learns-when-to-think\">", html,
            StringComparison.Ordinal);
        Assert.Contains("<a class=\"vote-button\" href=\"/account/sign-in?ReturnUrl=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("transformer attention")]
    [InlineData("reasoning")]
    public async Task Every_snippet_starts_on_a_whole_word(string q)
    {
        var html = await app.CreateClient().GetStringAsync($"/search?q={Uri.EscapeDataString(q)}");
        var snippets = Abstract().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(snippets);
        // A snippet is the abstract's beginning (a capital, a digit, a mark) or "… " and then a whole word; never a
        // space, punctuation or the rest of a hyphenated word ("-consuming").
        Assert.All(snippets, s => Assert.Matches(WordStart(), s));
    }

    [GeneratedRegex(@">\d+\+? papers found</h2>")]
    private static partial Regex ResultCount();

    [GeneratedRegex("<p class=\"card-abstract\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex Abstract();

    [GeneratedRegex(@"^(… )?(<mark>)?[\p{L}\p{N}&]")]
    private static partial Regex WordStart();
}
