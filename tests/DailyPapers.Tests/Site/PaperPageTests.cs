using DailyPapers.Tests.Feed;

namespace DailyPapers.Tests.Site;

/// <summary>The paper page: the upvote first, the source's AI summary and keywords said to be such, stars on the code
/// link, and the source's comment count said apart from the discussion here.</summary>
[Collection(FeedCollection.Name)]
public sealed class PaperPageTests(FeedFixture app)
{
    // From the HF fixture: 120 GitHub stars, 3 comments on Hugging Face, an AI summary and three AI keywords.
    private const string Paper = "2508.05629";

    [Fact]
    public async Task The_upvote_leads_the_meta_row_and_the_code_link_shows_its_stars()
    {
        var html = await app.CreateClient().GetStringAsync($"/papers/{Paper}");
        Assert.Matches("<div class=\"paper-vote\">\\s*<a class=\"vote-button\"", html);
        Assert.Contains("<a class=\"button\" href=\"https://github.com/example-org/parallel-think\" " +
            "rel=\"nofollow noopener\"><span>Code</span><span class=\"stars\">" +
            "<span aria-hidden=\"true\">★</span> 120" +
            "<span class=\"visually-hidden\"> GitHub stars</span></span></a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_and_keywords_are_labelled_as_the_sources_and_keywords_search_for_their_phrase()
    {
        var html = await app.CreateClient().GetStringAsync($"/papers/{Paper}");
        Assert.Contains("<h2 id=\"summary-heading\">AI summary</h2>", html, StringComparison.Ordinal);
        Assert.Contains("not written by the authors", html, StringComparison.Ordinal);
        Assert.Contains("<dt>AI keywords", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"badge\" href=\"/search?q=%22test-time%20scaling%22\">test-time scaling</a>", html,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comments_here_and_comments_on_hugging_face_are_counted_apart()
    {
        var html = await app.CreateClient().GetStringAsync($"/papers/{Paper}");
        Assert.Contains("<a class=\"stat\" href=\"#discussion\">0 comments</a>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://huggingface.co/papers/{Paper}#community\" rel=\"noopener\">" +
            "3 comments on Hugging Face</a>", html, StringComparison.Ordinal);
        Assert.Contains("No comments yet.", html, StringComparison.Ordinal);

        // A paper the source counted no comments for says nothing about Hugging Face.
        Assert.DoesNotContain("on Hugging Face", await app.CreateClient().GetStringAsync("/papers/2508.04012"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authors_link_to_their_author_pages()
    {
        var html = await app.CreateClient().GetStringAsync($"/papers/{Paper}");
        Assert.Contains("<a href=\"/authors/Zo%C3%AB%20M%C3%BCller-%C3%98berg\">Zoë Müller-Øberg</a>", html,
            StringComparison.Ordinal);
        var author = await app.CreateClient().GetStringAsync("/authors/Zo%C3%AB%20M%C3%BCller-%C3%98berg");
        Assert.Contains($"id=\"paper-{Paper}\"", author, StringComparison.Ordinal);
    }
}
