using System.Net;
using System.Text.Json;
using DailyPapers.Features.ForYou;
using DailyPapers.Tests.Community;
using Microsoft.EntityFrameworkCore;
using static DailyPapers.Tests.ForYou.ForYouFixture;

namespace DailyPapers.Tests.ForYou;

/// <summary>Settings export everything a user's data holds as JSON, and account deletion takes it all away.</summary>
[Collection(ForYouCollection.Name)]
public sealed class PersonalDataTests(ForYouFixture app)
{
    [Fact]
    public async Task The_export_holds_votes_saves_dismissals_follows_and_seen_papers_of_this_user_only()
    {
        var user = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var browser = await app.SignedInAsync(user);
        var api = app.ApiClient(await app.TokenForAsync(user));
        await api.PostAsync($"/api/papers/{Protein[2]}/upvote", null);
        await Post(browser, "/collections?handler=Save", new() { ["PaperId"] = Protein[3], ["Saved"] = "true" });
        await Post(browser, "/for-you?handler=NotInterested", new() { ["paperId"] = Robots[1] });
        await Post(browser, "/for-you?handler=Follow", new() { ["kind"] = "Category", ["value"] = "cs.RO" });
        await Post(browser, "/for-you?handler=Seen", new() { ["paperIds"] = Robots[2] });
        var otherBrowser = await app.SignedInAsync(other);
        await Post(otherBrowser, "/for-you?handler=NotInterested", new() { ["paperId"] = Robots[3] });

        var settings = await browser.GetStringAsync("/account/settings");
        Assert.Contains("/account/settings?handler=Export", settings, StringComparison.Ordinal);
        using var response = await browser.GetAsync("/account/settings?handler=Export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var export = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(user.UserName, export.GetProperty("account").GetProperty("userName").GetString());
        Assert.Equal([Protein[2]], Ids(export.GetProperty("community").GetProperty("upvotes")));
        var saved = export.GetProperty("collections").EnumerateArray().Single();
        Assert.Equal("Saved", saved.GetProperty("kind").GetString());
        Assert.True(saved.GetProperty("private").GetBoolean());
        Assert.Equal([Protein[3]], Ids(saved.GetProperty("items")));
        var forYou = export.GetProperty("forYou");
        Assert.Equal([Robots[1]], Ids(forYou.GetProperty("notInterested")));
        Assert.Equal([Robots[2]], Ids(forYou.GetProperty("seen")));
        Assert.Equal("cs.ro", forYou.GetProperty("follows")[0].GetProperty("key").GetString());
        Assert.Equal([Protein[2], Protein[3]], forYou.GetProperty("model").GetProperty("learnsFromLiked")
            .EnumerateArray().Select(e => e.GetString()!).Order());
    }

    [Fact]
    public async Task The_export_needs_a_signed_in_user()
    {
        var response = await app.BrowserClient().GetAsync("/account/settings?handler=Export");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_account_deletes_dismissals_seen_marks_and_follows()
    {
        var user = await app.CreateUserAsync();
        var browser = await app.SignedInAsync(user);
        await Post(browser, "/for-you?handler=NotInterested", new() { ["paperId"] = Robots[4] });
        await Post(browser, "/for-you?handler=Follow", new() { ["kind"] = "AuthorName", ["value"] = "Rodney Brooks" });
        await Post(browser, "/for-you?handler=Seen", new() { ["paperIds"] = Robots[4] });
        Assert.Equal(3, await RowsOfAsync(user.Id));

        var deleted = await CommunityFixture.PostFormAsync(browser, "/account/settings",
            "/account/settings?handler=Delete", new()
            {
                ["ConfirmUserName"] = user.UserName!, ["CurrentPassword"] = CommunityFixture.Password,
            });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await RowsOfAsync(user.Id));
    }

    private Task<int> RowsOfAsync(string userId) => app.WithDbAsync(async db =>
        await db.Set<Dismissal>().CountAsync(d => d.UserId == userId)
        + await db.Set<SeenPaper>().CountAsync(s => s.UserId == userId)
        + await db.Set<Follow>().CountAsync(f => f.UserId == userId));

    private static async Task Post(HttpClient browser, string action, Dictionary<string, string> fields)
    {
        fields["returnUrl"] = "/";
        var response = await CommunityFixture.PostFormAsync(browser, "/account/settings", action, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static string[] Ids(JsonElement list) =>
        [.. list.EnumerateArray().Select(e => e.GetProperty("paperId").GetString()!)];
}
