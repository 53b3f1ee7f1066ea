using System.Net;
using DailyPapers.Features.Collections;
using DailyPapers.Tests.Community;
using Microsoft.EntityFrameworkCore;
using static DailyPapers.Tests.Collections.CollectionsFixture;
using static DailyPapers.Tests.Community.CommunityFixture;

namespace DailyPapers.Tests.Collections;

/// <summary>The collection pages and controls as a browser without JavaScript uses them: plain forms.</summary>
[Collection(CollectionsCollection.Name)]
public sealed class CollectionPagesTests(CollectionsFixture app)
{
    [Fact]
    public async Task Creating_a_collection_from_the_form_opens_it_and_a_taken_title_is_refused()
    {
        var user = await app.CreateUserAsync();
        var client = await app.SignedInAsync(user);
        var fields = new Dictionary<string, string> { ["Title"] = "Weekend reading", ["Description"] = "For Saturday",
            ["IsPrivate"] = "true" };

        var created = await CommunityFixture.PostFormAsync(client, "/collections", "/collections?handler=Create",
            new(fields));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        Assert.Matches($"^/collections/{user.UserName}/weekend-reading-[0-9a-f]{{24}}$", url);
        var page = await client.GetStringAsync(url);
        Assert.Contains("<h1>Weekend reading</h1>", page, StringComparison.Ordinal);
        Assert.Contains("For Saturday", page, StringComparison.Ordinal);
        Assert.Contains("Private", page, StringComparison.Ordinal);
        Assert.Contains("Weekend reading", await client.GetStringAsync("/collections"), StringComparison.Ordinal);

        var again = await CommunityFixture.PostFormAsync(client, "/collections", "/collections?handler=Create",
            new(fields));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(CollectionWrites.TitleTaken, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var forged = await client.PostAsync("/collections?handler=Create",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Title"] = "Forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var anonymous = await app.BrowserClient().GetAsync("/collections");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/sign-in", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Collections().CountAsync(c => c.OwnerId == user.Id)));
    }

    [Fact]
    public async Task Save_on_the_paper_page_keeps_the_paper_in_a_private_saved_collection_until_unsaved()
    {
        var user = await app.CreateUserAsync();
        var client = await app.SignedInAsync(user);
        var paper = Fresh(4);
        var signedOut = await app.CreateClient().GetStringAsync($"/papers/{paper}");
        Assert.Contains($"<a href=\"/account/sign-in?ReturnUrl=%2Fpapers%2F{paper}\">Sign in</a>", signedOut,
            StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Save", signedOut, StringComparison.Ordinal);
        var before = await client.GetStringAsync($"/papers/{paper}");
        Assert.Contains("action=\"/collections?handler=Save\"", before, StringComparison.Ordinal);
        Assert.Contains("class=\"save-button\" aria-pressed=\"false\"", before, StringComparison.Ordinal);

        for (var i = 0; i < 2; i++) // saving twice is saving once
        {
            var saved = await CommunityFixture.PostFormAsync(client, $"/papers/{paper}", "/collections?handler=Save",
                new() { ["PaperId"] = paper, ["Saved"] = "true", ["ReturnUrl"] = $"/papers/{paper}" });
            Assert.Equal((HttpStatusCode.Redirect, $"/papers/{paper}"),
                (saved.StatusCode, saved.Headers.Location?.OriginalString));
        }

        var stored = await app.WithDbAsync(db => db.Collections().Where(c => c.OwnerId == user.Id)
            .Select(c => new { c.Kind, c.Title, c.IsPrivate, Papers = c.Items.Select(i =>
                i.PaperId).ToList() }).SingleAsync());
        Assert.Equal((CollectionKind.Saved, "Saved", true), (stored.Kind, stored.Title, stored.IsPrivate));
        Assert.Equal([paper], stored.Papers);
        Assert.Contains("class=\"save-button\" aria-pressed=\"true\"", await client.GetStringAsync($"/papers/{paper}"),
            StringComparison.Ordinal);
        var mine = await client.GetStringAsync("/collections");
        Assert.Contains("Read later", mine, StringComparison.Ordinal);
        var savedUrl = $"/collections/{user.UserName}/saved-" + await app.WithDbAsync(db =>
            db.Collections().Where(c => c.OwnerId == user.Id).Select(c => c.Id).SingleAsync());
        Assert.Contains("Fresh paper 4", await client.GetStringAsync(savedUrl), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(savedUrl)).StatusCode);
        Assert.DoesNotContain("Saved", await app.CreateClient().GetStringAsync($"/collections/{user.UserName}"),
            StringComparison.Ordinal);

        var unsaved = await CommunityFixture.PostFormAsync(client, $"/papers/{paper}", "/collections?handler=Save",
            new() { ["PaperId"] = paper, ["Saved"] = "false", ["ReturnUrl"] = "//evil.example/" });
        Assert.Equal("/", unsaved.Headers.Location?.OriginalString); // never back to another site
        var savedId = savedUrl[^24..];
        Assert.Equal(0, await app.WithDbAsync(db => db.CollectionItems().CountAsync(i => i.CollectionId == savedId)));
        var forged = await client.PostAsync("/collections?handler=Save",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["PaperId"] = paper, ["Saved"] = "true" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task The_saved_collection_is_in_the_api_for_its_owner_keeps_its_name_and_stays_private()
    {
        var (user, api) = await app.ApiUserAsync();
        var client = await app.SignedInAsync(user);
        await PostFormAsync(client, $"/papers/{Fresh(3)}", "/collections?handler=Save",
            new() { ["PaperId"] = Fresh(3), ["Saved"] = "true" });

        var listed = await GetAsync(api, $"/api/collections?owner={user.UserName}");
        var saved = listed.Json.EnumerateArray().Single();
        var slug = saved.GetProperty("slug").GetString()!;
        Assert.Matches($"^{user.UserName}/saved-[0-9a-f]{{24}}$", slug);
        Assert.True(saved.GetProperty("private").GetBoolean());
        Assert.Equal(Fresh(3), saved.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal("[]", (await GetAsync(app.CreateClient(), $"/api/collections?owner={user.UserName}")).Body);

        var renamed = await PatchAsync(api, $"/api/collections/{slug}", """{"title": "Later"}""");
        var published = await PatchAsync(api, $"/api/collections/{slug}", """{"private": false}""");
        var themed = await PatchAsync(api, $"/api/collections/{slug}",
            """{"theme": "indigo", "description": "Weekend"}""");
        var regular = await PostAsync(api, "/api/collections", """{"title": "Saved", "private": false}""");

        Assert.Equal((HttpStatusCode.BadRequest, "The Saved collection keeps its name."),
            (renamed.Status, renamed.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "The Saved collection is always private."),
            (published.Status, published.Error));
        Assert.Equal(HttpStatusCode.OK, themed.Status);
        Assert.Equal(HttpStatusCode.OK, regular.Status); // a list of one's own may be called Saved too
        Assert.NotEqual(slug, regular.Json.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Add_to_collection_on_the_paper_page_takes_a_note_and_can_make_a_new_collection()
    {
        var (user, api) = await app.ApiUserAsync();
        var slug = await CreateAsync(api, user.UserName!, "Thesis");
        var client = await app.SignedInAsync(user);
        var paper = Fresh(2);
        Assert.Contains($"<option value=\"{slug[^24..]}\">Thesis</option>",
            await client.GetStringAsync($"/papers/{paper}"), StringComparison.Ordinal);

        var added = await CommunityFixture.PostFormAsync(client, $"/papers/{paper}", "/collections?handler=Add",
            new() { ["PaperId"] = paper, ["CollectionId"] = slug[^24..], ["Note"] = "Related work, section 2",
                ["ReturnUrl"] = $"/papers/{paper}" });
        var intoNew = await CommunityFixture.PostFormAsync(client, $"/papers/{paper}", "/collections?handler=Add",
            new() { ["PaperId"] = paper, ["CollectionId"] = "", ["NewTitle"] = "Brand new",
                ["ReturnUrl"] = $"/papers/{paper}" });
        var unknown = await CommunityFixture.PostFormAsync(client, $"/papers/{paper}", "/collections?handler=Add",
            new() { ["PaperId"] = "0000.00000", ["CollectionId"] = slug[^24..], ["ReturnUrl"] = $"/papers/{paper}" });
        var nothingChosen = await CommunityFixture.PostFormAsync(client, $"/papers/{paper}", "/collections?handler=Add",
            new() { ["PaperId"] = paper, ["CollectionId"] = "", ["NewTitle"] = " ",
                ["ReturnUrl"] = $"/papers/{paper}" });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, intoNew.StatusCode);
        var thesis = await client.GetStringAsync($"/collections/{slug}");
        Assert.Contains("Fresh paper 2", thesis, StringComparison.Ordinal);
        Assert.Contains("Related work, section 2", thesis, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Paper &#x27;0000.00000&#x27; not found", await unknown.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nothingChosen.StatusCode);
        Assert.Contains("Choose a collection", await nothingChosen.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var paperPage = await client.GetStringAsync($"/papers/{paper}");
        Assert.Contains($"<a href=\"/collections/{slug}\">Thesis</a>", paperPage, StringComparison.Ordinal);
        Assert.Contains(">Brand new</a>", paperPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_reorders_edits_notes_and_removes_items_and_nobody_else_can()
    {
        var (owner, api) = await app.ApiUserAsync();
        var slug = await CreateAsync(api, owner.UserName!, "Ordered");
        var first = await AddAsync(api, slug, Fresh(5));
        await AddAsync(api, slug, Fresh(6));
        var third = await AddAsync(api, slug, Fresh(7));
        var client = await app.SignedInAsync(owner);
        var url = $"/collections/{slug}";
        Assert.Contains("aria-label=\"Move “Fresh paper 5” down\"", await client.GetStringAsync(url),
            StringComparison.Ordinal);

        var moved = await CommunityFixture.PostFormAsync(client, url, url + "?handler=Move",
            new() { ["itemId"] = third, ["position"] = "0" });
        Assert.Equal($"{url}#item-{third}", moved.Headers.Location?.OriginalString);
        await CommunityFixture.PostFormAsync(client, url, url + "?handler=Note",
            new() { ["itemId"] = first, ["note"] = "Start here" });
        await CommunityFixture.PostFormAsync(client, url, url + "?handler=Remove", new() { ["itemId"] = third });

        var page = await client.GetStringAsync(url);
        Assert.DoesNotContain("Fresh paper 7", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("Fresh paper 5", StringComparison.Ordinal) < page.IndexOf("Fresh paper 6",
            StringComparison.Ordinal));
        Assert.Contains("Start here", page, StringComparison.Ordinal);
        var afterMove = await api.GetStringAsync($"/api/collections/{slug}");
        Assert.Contains($"\"_id\":\"{first}\",\"position\":0", afterMove, StringComparison.Ordinal);

        var other = await app.SignedInAsync(await app.CreateUserAsync());
        var seen = await other.GetStringAsync(url);
        Assert.Contains("Fresh paper 5", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Move", seen, StringComparison.Ordinal);
        var refused = await CommunityFixture.PostFormAsync(other, url, url + "?handler=Remove",
            new() { ["itemId"] = first });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Fresh paper 5", await other.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Private_collections_are_404_pages_for_others_and_listed_only_for_their_owner()
    {
        var (owner, api) = await app.ApiUserAsync();
        var diary = await CreateAsync(api, owner.UserName!, "Diary", isPrivate: true);
        await CreateAsync(api, owner.UserName!, "Shared shelf");
        var client = await app.SignedInAsync(owner);
        var other = await app.SignedInAsync(await app.CreateUserAsync());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/collections/{diary}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/collections/{diary}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/collections/{diary}")).StatusCode);
        foreach (var page in new[] { $"/collections/{owner.UserName}", $"/u/{owner.UserName}" })
        {
            var anonymous = await app.CreateClient().GetStringAsync(page);
            Assert.Contains("Shared shelf", anonymous, StringComparison.Ordinal);
            Assert.DoesNotContain("Diary", anonymous, StringComparison.Ordinal);
            Assert.Contains("Diary", await client.GetStringAsync(page), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.CreateClient().GetAsync("/collections/no-such-user")).StatusCode);
    }

    [Fact]
    public async Task Settings_rename_the_collection_old_urls_redirect_and_delete_needs_the_box_ticked()
    {
        var (owner, api) = await app.ApiUserAsync();
        var slug = await CreateAsync(api, owner.UserName!, "Old name");
        var client = await app.SignedInAsync(owner);
        var url = $"/collections/{slug}";

        var renamed = await CommunityFixture.PostFormAsync(client, url, url + "?handler=Settings",
            new() { ["Title"] = "New name", ["Description"] = "Now described", ["Theme"] = "green",
                ["IsPrivate"] = "false" });
        var newUrl = $"/collections/{owner.UserName}/new-name-{slug[^24..]}";
        Assert.Equal(newUrl, renamed.Headers.Location?.OriginalString);
        var old = await client.GetAsync(url);
        Assert.Equal((HttpStatusCode.Redirect, newUrl), (old.StatusCode, old.Headers.Location?.OriginalString));
        var page = await client.GetStringAsync(newUrl);
        Assert.Contains("theme-green", page, StringComparison.Ordinal);
        Assert.Contains("Now described", page, StringComparison.Ordinal);

        var badTitle = await CommunityFixture.PostFormAsync(client, newUrl, newUrl + "?handler=Settings",
            new() { ["Title"] = "", ["Theme"] = "green" });
        Assert.Equal(HttpStatusCode.BadRequest, badTitle.StatusCode);
        Assert.Contains("A collection needs a title.", await badTitle.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var unticked = await CommunityFixture.PostFormAsync(client, newUrl, newUrl + "?handler=Delete", new());
        Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
        var deleted = await CommunityFixture.PostFormAsync(client, newUrl, newUrl + "?handler=Delete",
            new() { ["confirm"] = "true" });
        Assert.Equal("/collections", deleted.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(newUrl)).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_account_deletes_its_collections_and_their_items()
    {
        var (user, api) = await app.ApiUserAsync();
        var slug = await CreateAsync(api, user.UserName!, "Goes with me");
        await AddAsync(api, slug, Fresh(8), "a note");
        var client = await app.SignedInAsync(user);
        await CommunityFixture.PostFormAsync(client, $"/papers/{Fresh(8)}", "/collections?handler=Save",
            new() { ["PaperId"] = Fresh(8), ["Saved"] = "true" });
        Assert.Equal(2, await app.WithDbAsync(db => db.Collections().CountAsync(c => c.OwnerId == user.Id)));

        var deleted = await CommunityFixture.PostFormAsync(client, "/account/settings",
            "/account/settings?handler=Delete",
            new() { ["ConfirmUserName"] = user.UserName!, ["CurrentPassword"] = CommunityFixture.Password });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Collections().CountAsync(c => c.OwnerId == user.Id)));
        var id = slug[^24..];
        Assert.Equal(0, await app.WithDbAsync(db => db.CollectionItems().CountAsync(i => i.CollectionId == id)));
        Assert.True(await app.WithDbAsync(db => db.Papers.AnyAsync(p => p.Id == Fresh(8))));
    }
}
