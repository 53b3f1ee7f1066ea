using DailyPapers.Features.Papers;

namespace DailyPapers.Tests.Papers;

public sealed class LinkExtractorTests
{
    [Theory]
    [InlineData("Code is available at https://github.com/Yu-Fangxu/FoR.", "https://github.com/Yu-Fangxu/FoR", null)]
    [InlineData("See https://github.com/EmpathYang/TinyHelen.git.", "https://github.com/EmpathYang/TinyHelen", null)]
    [InlineData("(code: https://gitlab.com/group/sub/proj/-/tree/main)", "https://gitlab.com/group/sub/proj", null)]
    [InlineData("Project page: https://mobile-r1.github.io/Mobile-R1/#demo; code https://codeberg.org/a/b", "https://codeberg.org/a/b", "https://mobile-r1.github.io/Mobile-R1")]
    [InlineData("Models at https://huggingface.co/spaces/org/demo-app!", "https://huggingface.co/spaces/org/demo-app", null)]
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
            "Weights: https://huggingface.co/org/model. Site: https://proj.github.io/x/, also https://proj.github.io/x.",
            "Code: https://github.com/org/repo/tree/main; mirror https://codeberg.org/org/repo.git, data https://example.org/data#top");

        Assert.Equal("https://github.com/org/repo", links.CodeRepository);
        Assert.Equal("https://proj.github.io/x", links.ProjectPage);
        Assert.Equal(["https://huggingface.co/org/model", "https://codeberg.org/org/repo", "https://example.org/data"], links.Extra);
    }

    [Fact]
    public void An_absurdly_long_url_is_not_a_link()
    {
        Assert.Null(LinkExtractor.Normalize("https://example.org/" + new string('a', 2_000)));
    }
}
