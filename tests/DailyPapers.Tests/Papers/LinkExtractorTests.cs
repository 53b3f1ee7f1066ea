using DailyPapers.Features.Papers;

namespace DailyPapers.Tests.Papers;

public sealed class LinkExtractorTests
{
    [Theory]
    [InlineData("Code is available at https://github.com/Yu-Fangxu/FoR.", "https://github.com/Yu-Fangxu/FoR", null)]
    [InlineData("See https://github.com/EmpathYang/TinyHelen.git.", "https://github.com/EmpathYang/TinyHelen", null)]
    [InlineData("(code: https://gitlab.com/group/sub/proj/-/tree/main)", "https://gitlab.com/group/sub/proj", null)]
    [InlineData("Project page: https://mobile-r1.github.io/Mobile-R1/#demo; code https://codeberg.org/a/b",
        "https://codeberg.org/a/b", "https://mobile-r1.github.io/Mobile-R1")]
    [InlineData("Models at https://huggingface.co/spaces/org/demo-app!", "https://huggingface.co/spaces/org/demo-app",
        null)]
    [InlineData("Only a home page: https://github.com and ftp://x.org/y", null, "https://github.com")]
    [InlineData("No links at all.", null, null)]
    public void Extracts_and_normalises_code_and_project_links(string text, string? code, string? project)
    {
        var links = LinkExtractor.Extract(text);
        Assert.Equal(code, links.CodeRepository);
        Assert.Equal(project, links.ProjectPage);
    }
}

public sealed class LinkExtractorExtraLinksTests
{
    [Fact]
    public void The_best_code_link_wins_across_abstract_and_comments_and_the_rest_are_kept_once()
    {
        var links = LinkExtractor.Extract(
            "Weights: https://huggingface.co/org/model. Site: https://proj.github.io/x/, also " +
                "https://proj.github.io/x.",
            "Code: https://github.com/org/repo/tree/main; mirror https://codeberg.org/org/repo.git, data " +
                "https://example.org/data#top");

        Assert.Equal("https://github.com/org/repo", links.CodeRepository);
        Assert.Equal("https://proj.github.io/x", links.ProjectPage);
        Assert.Equal(["https://huggingface.co/org/model", "https://codeberg.org/org/repo", "https://example.org/data"],
            links.Extra);
    }

    [Fact]
    public void An_absurdly_long_url_is_not_a_link()
    {
        Assert.Null(PaperLinks.Canonical("https://example.org/" + new string('a', 2_000)));
    }
}

public sealed class PaperLinksTests
{
    [Theory]
    [InlineData(" https://Example.org:443/page/#top ", "https://example.org/page")]
    [InlineData("http://example.org:8080/a.git", "http://example.org:8080/a")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("\"><script>alert(1)</script>", null)]
    [InlineData("https://example.org/\"><script>", null)]
    [InlineData("https://example.org/a b", null)]
    [InlineData("https://example.org/\u0003", null)]
    [InlineData("https://user:secret@example.org/", null)]
    [InlineData("/etc/passwd", null)]
    [InlineData("//evil.example/x", null)]
    [InlineData("ftp://example.org/x", null)]
    public void Only_plain_http_urls_are_links_and_they_are_kept_in_one_form(string text, string? canonical)
    {
        Assert.Equal(canonical, PaperLinks.Canonical(text));
        Assert.Equal(canonical is not null, PaperLinks.IsHttpUrl(text));
    }

    [Theory]
    [InlineData("https://github.com/owner/name/", "https://github.com/owner/name")]
    [InlineData("https://www.github.com/owner/name/tree/main/src", "https://www.github.com/owner/name/tree/main/src")]
    [InlineData("https://github.com/owner", null)]
    [InlineData("http://github.com/owner/name", null)]
    [InlineData("https://gitlab.com/owner/name", null)]
    [InlineData("https://github.com.evil.example/owner/name", null)]
    public void A_github_repository_is_an_https_github_url_with_an_owner_and_a_name(string text, string? repository)
    {
        Assert.Equal(repository, PaperLinks.GithubRepository(text));
    }
}
