using System.Net;
using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Community;

/// <summary><c>/admin/curate</c>: only curators feature, hide and edit links; each change shows where readers
/// look.</summary>
[Collection(CommunityCollection.Name)]
public sealed class CurationTests(CommunityFixture app)
{
    private static Dictionary<string, string> Fields(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task Only_curators_reach_the_curate_page_or_change_anything_through_it()
    {
        var paper = CommunityFixture.Fresh(9);
        var anonymous = await app.BrowserClient().GetAsync($"/admin/curate?paper={paper}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var reader = await app.SignedInAsync(await app.CreateUserAsync());
        var page = await reader.GetAsync($"/admin/curate?paper={paper}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/error/403", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        // A forged post (token from a page the user may see) changes nothing.
        var html = await reader.GetStringAsync("/account/settings");
        var token = System.Text.RegularExpressions.Regex.Match(html,
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var hide = await reader.PostAsync($"/admin/curate?paper={paper}&handler=Hide",
            new FormUrlEncodedContent(Fields(("Hidden", "true"), ("__RequestVerificationToken", token))));
        Assert.Equal(HttpStatusCode.Redirect, hide.StatusCode);
        Assert.StartsWith("/error/403", hide.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db =>
            db.Papers.Where(p => p.Id == paper).Select(p => p.IsHidden).SingleAsync()));
    }

    [Fact]
    public async Task A_curator_features_a_paper_on_any_day_hides_it_and_edits_its_links()
    {
        var paper = CommunityFixture.Fresh(10);
        var curator = await app.SignedInAsync(await app.CreateUserAsync(role: Roles.Curator));
        var form = $"/admin/curate?paper={paper}";

        var featured = await CommunityFixture.PostFormAsync(curator, form, $"{form}&handler=Feature",
            Fields(("Date", "2025-08-07")));
        Assert.Equal(HttpStatusCode.OK, featured.StatusCode);
        Assert.Contains("Featured on 2025-08-07.", await featured.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var listed = await app.CreateClient().GetStringAsync("/api/daily_papers?date=2025-08-07");
        Assert.Contains(paper, listed, StringComparison.Ordinal);

        var badLink = await CommunityFixture.PostFormAsync(curator, form, $"{form}&handler=Links",
            Fields(("GithubRepo", "javascript:alert(1)"), ("ProjectPage", "")));
        Assert.Equal(HttpStatusCode.BadRequest, badLink.StatusCode);
        Assert.Contains("The GitHub repository must be a URL such as https://github.com/owner/name.",
            await badLink.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var project in new[] { "javascript:alert(1)", "https://example.org/\"><script>alert(1)</script>" })
        {
            var badProject = await CommunityFixture.PostFormAsync(curator, form, $"{form}&handler=Links",
                Fields(("GithubRepo", ""), ("ProjectPage", project)));
            Assert.Equal(HttpStatusCode.BadRequest, badProject.StatusCode);
            Assert.Contains("The project page must be a web address starting with https:// or http://.",
                await badProject.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Null(await app.WithDbAsync(db => db.Papers.Where(p => p.Id == paper)
                .Select(p => p.ProjectPage).SingleAsync()));
        }
        var links = await CommunityFixture.PostFormAsync(curator, form, $"{form}&handler=Links",
            Fields(("GithubRepo", "https://github.com/example/curated"),
                ("ProjectPage", "https://example.org/project")));
        Assert.Equal(HttpStatusCode.OK, links.StatusCode);
        var saved = await app.WithDbAsync(db =>
            db.Papers.Where(p => p.Id == paper).Select(p => new { p.GithubRepo, p.ProjectPage }).SingleAsync());
        Assert.Equal(("https://github.com/example/curated", "https://example.org/project"),
            (saved.GithubRepo, saved.ProjectPage));

        var hidden = await CommunityFixture.PostFormAsync(curator, form, $"{form}&handler=Hide",
            Fields(("Hidden", "true")));
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/papers/{paper}")).StatusCode);
        Assert.DoesNotContain(paper, await app.CreateClient().GetStringAsync("/api/daily_papers?date=2025-08-07"),
            StringComparison.Ordinal);

        var shown = await CommunityFixture.PostFormAsync(curator, form, $"{form}&handler=Hide",
            Fields(("Hidden", "false")));
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/papers/{paper}")).StatusCode);
    }
}
