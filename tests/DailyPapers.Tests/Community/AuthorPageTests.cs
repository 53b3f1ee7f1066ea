using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Features.Papers;

namespace DailyPapers.Tests.Community;

/// <summary><c>/authors/{name}</c>: an author's papers, newest first in pages, their claimed profile and a follow
/// button; the links to it from cards and paper pages.</summary>
[Collection(CommunityCollection.Name)]
public sealed partial class AuthorPageTests(CommunityFixture app)
{
    private static string Path(string name) => "/authors/" + Uri.EscapeDataString(name);

    /// <summary>Imports <paramref name="count"/> papers by <paramref name="author"/>, published a day apart (paper 1
    /// the oldest); returns their ids, oldest first.</summary>
    private async Task<List<string>> PapersByAsync(string author, int count, string prefix)
    {
        var ids = Enumerable.Range(1, count).Select(n => $"{prefix}-{n}").ToList();
        await app.ImportAsync([.. ids.Select((id, n) => new PaperRecord
        {
            Id = id, Title = $"Paper {id}", Abstract = "About authors.", Authors = ["Someone Else", author],
            PublishedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(n), Origin = id,
        })]);
        return ids;
    }

    private static List<string> CardIds(string html) =>
        [.. CardId().Matches(html).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task An_author_page_lists_the_papers_newest_first_in_pages_of_twenty()
    {
        var name = app.NewName("Grace Hopper ");
        var ids = await PapersByAsync(name, 23, app.NewName("hopper"));
        var client = app.CreateClient();

        var first = await client.GetStringAsync(Path(name));
        Assert.Contains($"<h1>{name}</h1>", first, StringComparison.Ordinal);
        Assert.Contains("23 papers on this instance", first, StringComparison.Ordinal);
        Assert.Equal(ids.AsEnumerable().Reverse().Take(20), CardIds(first));
        var second = await client.GetStringAsync(Path(name) + "?page=2");
        Assert.Equal(ids.Take(3).Reverse(), CardIds(second));
        Assert.Contains("Page 2 of 2", second, StringComparison.Ordinal);

        // Every card names its authors with links to their pages.
        Assert.Contains($"<a href=\"{Path(name)}\">{name}</a>", first, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Path("Someone Else")}\">Someone Else</a>", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_out_the_follow_button_is_a_link_to_sign_in_and_the_page_has_no_antiforgery_token()
    {
        var name = app.NewName("Barbara Liskov ");
        await PapersByAsync(name, 1, app.NewName("liskov"));

        var html = await app.CreateClient().GetStringAsync(Path(name));
        Assert.Contains($"href=\"/account/sign-in?ReturnUrl={Uri.EscapeDataString(Path(name))}\"", html,
            StringComparison.Ordinal);
        Assert.Contains($"Follow {name}</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_a_reader_follows_the_author_name_from_the_author_page()
    {
        var name = app.NewName("Edsger Dijkstra ");
        await PapersByAsync(name, 2, app.NewName("dijkstra"));
        var client = await app.SignedInAsync(await app.CreateUserAsync());

        var html = await client.GetStringAsync(Path(name));
        Assert.Contains("<input type=\"hidden\" name=\"kind\" value=\"AuthorName\">", html, StringComparison.Ordinal);
        var followed = await CommunityFixture.PostFormAsync(client, Path(name), "/for-you?handler=Follow",
            new() { ["kind"] = "AuthorName", ["value"] = name, ["returnUrl"] = Path(name) });
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Contains($"Following {name}", await client.GetStringAsync(Path(name)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approved_claim_shows_the_profile_and_the_follow_button_follows_the_account()
    {
        var name = app.NewName("Frances Allen ");
        var paper = (await PapersByAsync(name, 1, app.NewName("allen")))[0];
        var author = await app.CreateUserAsync();
        var authorClient = await app.SignedInAsync(author);
        await CommunityFixture.PostFormAsync(authorClient, $"/papers/{paper}/claim", $"/papers/{paper}/claim",
            new() { ["position"] = "1" });
        var curator = await app.SignedInAsync(await app.CreateUserAsync(role: "curator"));
        var claimId = await app.WithDbAsync(db =>
            Task.FromResult(db.AuthorClaims.Single(c => c.UserId == author.Id).Id));
        var approved = await CommunityFixture.PostFormAsync(curator, "/admin/claims", "/admin/claims",
            new() { ["claimId"] = claimId.ToString(CultureInfo.InvariantCulture), ["approve"] = "true" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var html = await app.CreateClient().GetStringAsync(Path(name));
        Assert.Contains("Claimed by", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/u/{author.UserName}\"", html, StringComparison.Ordinal);
        var signedIn = await curator.GetStringAsync(Path(name));
        Assert.Contains("<input type=\"hidden\" name=\"kind\" value=\"Account\">", signedIn, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"hidden\" name=\"value\" value=\"{author.Id}\">", signedIn,
            StringComparison.Ordinal);

        // The paper page links the name to the author page and the verified badge to the profile.
        var page = await app.CreateClient().GetStringAsync($"/papers/{paper}");
        Assert.Contains($"<a href=\"{Path(name)}\">{name}</a>", page, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"badge badge-author\" href=\"/u/{author.UserName}\"", page,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Zoë Müller-Øberg / Jr.?")]
    [InlineData("A. #Hash & 100% Sure")]
    public async Task Names_with_reserved_characters_link_and_resolve(string name)
    {
        var id = (await PapersByAsync(name, 1, app.NewName("reserved")))[0];

        var card = await app.CreateClient().GetStringAsync($"/papers/{id}");
        var href = AuthorHref().Matches(card).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Single(h => h != Path("Someone Else"));
        var html = await app.CreateClient().GetStringAsync(href);
        Assert.Equal([id], CardIds(html));
        Assert.Contains($"<h1>{name.Replace("&", "&amp;", StringComparison.Ordinal)}</h1>", html,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/authors/Nobody%20Wrote%20This", "There is no author named")]
    [InlineData("/authors/%20", "There is no author with this name")]
    public async Task An_unknown_author_is_a_404_page_that_says_so(string url, string message)
    {
        var response = await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?page=0", "There is no such page of papers.")]
    [InlineData("?page=abc", "There is no such page of papers.")]
    [InlineData("?page=2", "has only 1 page of papers here.")]
    public async Task A_page_past_the_end_or_not_a_number_is_a_404_that_says_so(string query, string message)
    {
        var name = app.NewName("Ken Thompson ");
        await PapersByAsync(name, 1, app.NewName("thompson"));
        var response = await app.CreateClient().GetAsync(Path(name) + query);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("<article class=\"card\" id=\"paper-([^\"]+)\"")]
    private static partial Regex CardId();

    [GeneratedRegex("<a href=\"(/authors/[^\"]+)\"")]
    private static partial Regex AuthorHref();
}
