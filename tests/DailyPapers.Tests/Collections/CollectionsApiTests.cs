using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Features.Collections;
using static DailyPapers.Tests.Community.CommunityFixture;
using Microsoft.EntityFrameworkCore;
using static DailyPapers.Tests.Collections.CollectionsFixture;

namespace DailyPapers.Tests.Collections;

/// <summary>
/// Hugging Face's collections API, as huggingface_hub 1.11 sends the requests and reads the answers (the same
/// sequence the hfcheck harness drives with the real client): every call, every error status, and the shapes the
/// client is strict about.
/// </summary>
[Collection(CollectionsCollection.Name)]
public sealed partial class CollectionsApiTests(CollectionsFixture app)
{
    [Fact]
    public async Task Create_answers_the_full_collection_and_the_same_title_again_is_409_with_the_existing_slug()
    {
        var (user, api) = await app.ApiUserAsync();
        var created = await PostAsync(api, "/api/collections", $$"""
            {"title": "ICCV 2023: Best papers!", "namespace": "{{user.UserName}}", "private": true,
             "description": "to read"}
            """);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var json = created.Json;
        var slug = json.GetProperty("slug").GetString()!;
        Assert.Matches($"^{user.UserName}/iccv-2023-best-papers-[0-9a-f]{{24}}$", slug);
        Assert.Equal("ICCV 2023: Best papers!", json.GetProperty("title").GetString());
        Assert.Equal("to read", json.GetProperty("description").GetString());
        Assert.True(json.GetProperty("private").GetBoolean());
        Assert.Equal(0, json.GetProperty("position").GetInt32());
        Assert.Equal(0, json.GetProperty("upvotes").GetInt32());
        Assert.Equal(0, json.GetProperty("items").GetArrayLength());
        Assert.Contains(json.GetProperty("theme").GetString(), PaperCollection.Themes);
        Assert.Equal(user.UserName, json.GetProperty("owner").GetProperty("name").GetString());
        Assert.Equal("user", json.GetProperty("owner").GetProperty("type").GetString());
        Assert.Matches(UtcMilliseconds(), json.GetProperty("lastUpdated").GetString()!);
        Assert.Equal($"https://papers.community.example/collections/{slug}", json.GetProperty("shareUrl").GetString());

        // huggingface_hub's exists_ok=True reads "slug" from the 409 and GETs it.
        var again = await PostAsync(api, "/api/collections",
            $$"""{"title": "iccv 2023 best papers", "namespace": "{{user.UserName}}", "private": false}""");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal(slug, again.Json.GetProperty("slug").GetString());
        Assert.Equal(CollectionWrites.TitleTaken, again.Error);
        Assert.False(again.HasErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(api, $"/api/collections/{slug}")).Status);

        var second = await PostAsync(api, "/api/collections", """{"title": "Another list", "private": false}""");
        Assert.Equal(1, second.Json.GetProperty("position").GetInt32());
        Assert.False(second.Json.TryGetProperty("description", out _));
    }

    [Fact]
    public async Task Create_needs_a_valid_token_in_the_callers_own_namespace()
    {
        var (user, api) = await app.ApiUserAsync();
        var body = $$"""{"title": "Mine", "namespace": "{{user.UserName}}", "private": false}""";

        var anonymous = await PostAsync(app.CreateClient(), "/api/collections", body);
        var badToken = await PostAsync(app.ApiClient("dp_definitely_not_a_valid_token"), "/api/collections", body);
        var cookie = await PostAsync(await app.SignedInAsync(user), "/api/collections", body);
        var otherNamespace = await PostAsync(api, "/api/collections",
            """{"title": "Mine", "namespace": "someone-else", "private": false}""");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Contains("personal access token is required", anonymous.Error, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Unauthorized, "Invalid credentials in Authorization header"),
            (badToken.Status, badToken.Error));
        Assert.Equal(HttpStatusCode.Unauthorized, cookie.Status); // cookies never write through the API
        Assert.Equal(HttpStatusCode.Forbidden, otherNamespace.Status);
        Assert.Contains("own namespace", otherNamespace.Error, StringComparison.Ordinal);
        Assert.All(new[] { anonymous, badToken, cookie, otherNamespace }, r => Assert.False(r.HasErrorCode));
        Assert.Equal(0, await app.WithDbAsync(db => db.Collections().CountAsync(c => c.OwnerId == user.Id)));
    }

    [Theory]
    [InlineData("{\"title\": ", "The request body is not valid JSON")]
    [InlineData("[1, 2]", "The request body must be a JSON object")]
    [InlineData("{\"title\": 42}", "'title' must be a string")]
    [InlineData("{\"title\": \"x\", \"private\": \"yes\"}", "'private' must be true or false")]
    [InlineData("{\"title\": \"   \"}", "A collection needs a title.")]
    [InlineData("{}", "A collection needs a title.")]
    public async Task Create_with_a_bad_body_is_400_saying_what_is_wrong(string body, string error)
    {
        var (_, api) = await app.ApiUserAsync();
        var reply = await PostAsync(api, "/api/collections", body);
        Assert.Equal((HttpStatusCode.BadRequest, error), (reply.Status, reply.Error));
    }

    [Fact]
    public async Task Private_collections_are_404_to_anyone_but_their_owner_and_public_ones_are_readable_by_all()
    {
        var (user, api) = await app.ApiUserAsync();
        var (_, other) = await app.ApiUserAsync();
        var secret = await CreateAsync(api, user.UserName!, "Secret list", isPrivate: true);
        var open = await CreateAsync(api, user.UserName!, "Open list");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(api, $"/api/collections/{secret}")).Status);
        var anonymous = await GetAsync(app.CreateClient(), $"/api/collections/{secret}");
        Assert.Equal((HttpStatusCode.NotFound, "Collection not found"), (anonymous.Status, anonymous.Error));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(other, $"/api/collections/{secret}")).Status);
        // A signed-in browser is not the owner here either: the API knows callers by their token only.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(await app.SignedInAsync(user),
            $"/api/collections/{secret}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app.CreateClient(), $"/api/collections/{open}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(other, $"/api/collections/{open}")).Status);

        var id = open[^24..];
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(api,
            $"/api/collections/{user.UserName!.ToUpperInvariant()}/old-title-{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(api,
            $"/api/collections/someone-else/open-list-{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(api,
            $"/api/collections/{user.UserName}/nope-{new string('0', 24)}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(api,
            $"/api/collections/{user.UserName}/no-id-at-all")).Status);
        // A token that is sent must be valid, even where none is needed.
        var badToken = await GetAsync(app.ApiClient("dp_revoked"), $"/api/collections/{open}");
        Assert.Equal((HttpStatusCode.Unauthorized, "Invalid credentials in Authorization header"),
            (badToken.Status, badToken.Error));
    }

    [Fact]
    public async Task Other_users_get_403_on_public_collections_and_404_on_private_ones_for_every_write()
    {
        var (owner, api) = await app.ApiUserAsync();
        var (_, other) = await app.ApiUserAsync();
        var open = await CreateAsync(api, owner.UserName!, "Guarded open");
        var secret = await CreateAsync(api, owner.UserName!, "Guarded secret", isPrivate: true);
        var item = await AddAsync(api, open, Fresh(1));
        var before = (await GetAsync(api, $"/api/collections/{open}")).Body;

        Assert.Equal(HttpStatusCode.Forbidden, (await PatchAsync(other, $"/api/collections/{open}",
            """{"theme": "blue"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteAsync(other, $"/api/collections/{open}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(other, $"/api/collections/{open}/items",
            $$$"""{"item": {"id": "{{{Fresh(2)}}}", "type": "paper"}}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PatchAsync(other, $"/api/collections/{open}/items/{item}",
            """{"note": "mine now"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteAsync(other,
            $"/api/collections/{open}/items/{item}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync(other, $"/api/collections/{secret}",
            """{"theme": "blue"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync(other, $"/api/collections/{secret}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await DeleteAsync(app.CreateClient(), $"/api/collections/{open}")).Status);

        Assert.Equal(before, (await GetAsync(api,
            $"/api/collections/{open}")).Body); // nothing changed, not even lastUpdated
    }

    [Fact]
    public async Task Update_answers_success_and_data_keeps_the_id_and_validates_the_theme()
    {
        var (user, api) = await app.ApiUserAsync();
        var first = await CreateAsync(api, user.UserName!, "First list");
        var slug = await CreateAsync(api, user.UserName!, "Rename me", isPrivate: true);

        var updated = await PatchAsync(api, $"/api/collections/{slug}", """
            {"position": 0, "private": false, "theme": "pink", "title": "Renamed list",
             "description": "new description"}
            """);

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.True(updated.Json.GetProperty("success").GetBoolean());
        var data = updated.Json.GetProperty("data");
        var newSlug = data.GetProperty("slug").GetString()!;
        Assert.Equal($"{user.UserName}/renamed-list-{slug[^24..]}", newSlug);
        Assert.Equal(("Renamed list", "new description", "pink"), (data.GetProperty("title").GetString(),
            data.GetProperty("description").GetString(), data.GetProperty("theme").GetString()));
        Assert.Equal((false, 0), (data.GetProperty("private").GetBoolean(), data.GetProperty("position").GetInt32()));
        Assert.Equal(1, (await GetAsync(api, $"/api/collections/{first}")).Json.GetProperty("position").GetInt32());
        // The old slug still finds it.
        Assert.Equal("Renamed list", (await GetAsync(api,
            $"/api/collections/{slug}")).Json.GetProperty("title").GetString());

        var badTheme = await PatchAsync(api, $"/api/collections/{newSlug}", """{"theme": "not-a-theme"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badTheme.Status);
        Assert.StartsWith("Invalid theme 'not-a-theme'", badTheme.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PatchAsync(api, $"/api/collections/{newSlug}",
            """{"position": "first"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PatchAsync(api, $"/api/collections/{newSlug}",
            """{"title": ""}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PatchAsync(api, $"/api/collections/{newSlug}",
            """{"position": -1}""")).Status);
        var taken = await PatchAsync(api, $"/api/collections/{newSlug}", """{"title": "First list"}""");
        Assert.Equal((HttpStatusCode.Conflict, CollectionWrites.TitleTaken), (taken.Status, taken.Error));
    }

    [Fact]
    public async Task Items_are_added_with_a_note_object_moved_and_removed_with_positions_0_to_n()
    {
        var (user, api) = await app.ApiUserAsync();
        var slug = await CreateAsync(api, user.UserName!, "Reading list", isPrivate: true);

        var added = await PostAsync(api, $"/api/collections/{slug}/items",
            $$$"""{"item": {"id": "{{{Fresh(1)}}}", "type": "paper"}, "note": "first <b>note</b>"}""");
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal(0, added.Json.GetProperty("position").GetInt32());
        var item = added.Json.GetProperty("items")[0];
        Assert.Equal((Fresh(1), "paper", 0, "Fresh paper 1"),
            (item.GetProperty("id").GetString(), item.GetProperty("type").GetString(),
            item.GetProperty("position").GetInt32(), item.GetProperty("title").GetString()));
        Assert.Matches("^[0-9a-f]{24}$", item.GetProperty("_id").GetString()!);
        Assert.Equal("first <b>note</b>", item.GetProperty("note").GetProperty("text").GetString());
        Assert.Equal("first &lt;b&gt;note&lt;/b&gt;", item.GetProperty("note").GetProperty("html").GetString());
        Assert.False(item.TryGetProperty("slug", out _)); // a slug would replace the paper id in the client's item
        var first = item.GetProperty("_id").GetString()!;
        var second = await AddAsync(api, slug, $"arXiv:{Fresh(2)}v3"); // the forms people paste
        var third = await AddAsync(api, slug, Fresh(3));

        var again = await PostAsync(api, $"/api/collections/{slug}/items",
            $$$"""{"item": {"id": "{{{Fresh(1)}}}", "type": "paper"}}""");
        Assert.Equal((HttpStatusCode.Conflict, CollectionWrites.AlreadyThere), (again.Status, again.Error));

        var moved = await PatchAsync(api, $"/api/collections/{slug}/items/{third}",
            """{"position": 0, "note": "updated note"}""");
        Assert.Equal((HttpStatusCode.OK, """{"success":true}"""), (moved.Status, moved.Body));
        Assert.Equal(new[] { I(third, 0, "updated note"), I(first, 1, "first <b>note</b>"), I(second, 2, null) },
            await ItemsAsync(api, slug));

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(api, $"/api/collections/{slug}/items/{third}",
            """{"position": 99, "note": ""}""")).Status);
        Assert.Equal(new[] { I(first, 0, "first <b>note</b>"), I(second, 1, null), I(third, 2, null) },
            await ItemsAsync(api, slug));

        Assert.Equal(HttpStatusCode.OK, (await DeleteAsync(api, $"/api/collections/{slug}/items/{first}")).Status);
        Assert.Equal(new[] { I(second, 0, null), I(third, 1, null) }, await ItemsAsync(api, slug));
        var gone = await DeleteAsync(api, $"/api/collections/{slug}/items/{first}");
        Assert.Equal((HttpStatusCode.NotFound, "Item not found in this collection"), (gone.Status, gone.Error));
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync(api,
            $"/api/collections/{slug}/items/{new string('f', 24)}", """{"note": "x"}""")).Status);
    }

    [Fact]
    public async Task Papers_added_all_at_once_all_arrive_with_positions_0_to_n()
    {
        var (user, api) = await app.ApiUserAsync();
        var slug = await CreateAsync(api, user.UserName!, "Crowded");
        var papers = Enumerable.Range(1, 9).Select(Fresh).Append(OldPaper).ToList();

        var replies = await Task.WhenAll(papers.Select(paper =>
            PostAsync(api, $"/api/collections/{slug}/items",
                $$$"""{"item": {"id": "{{{paper}}}", "type": "paper"}}""")));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var items = (await GetAsync(api,
            $"/api/collections/{slug}")).Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, papers.Count), items.Select(i => i.GetProperty("position").GetInt32()));
        Assert.Equal(papers.Order(StringComparer.Ordinal),
            items.Select(i => i.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{\"item\": {\"id\": \"0000.00000\", \"type\": \"paper\"}}", HttpStatusCode.NotFound,
        "Paper '0000.00000' not found")]
    [InlineData("{\"item\": {\"id\": \"hidden\", \"type\": \"paper\"}}", HttpStatusCode.NotFound,
        "Paper 'hidden' not found")]
    [InlineData("{\"item\": {\"id\": \"openai/gpt2\", \"type\": \"model\"}}", HttpStatusCode.BadRequest,
        "Only papers can be added to collections on this instance, not 'model'")]
    [InlineData("{\"item\": {\"id\": 2212.07677, \"type\": \"paper\"}}", HttpStatusCode.BadRequest,
        "'item.id' must be a string")]
    [InlineData("{\"item\": \"2212.07677\"}", HttpStatusCode.BadRequest, "'item' must be an object")]
    [InlineData("{\"note\": \"no item\"}", HttpStatusCode.BadRequest,
        "Expected {\"item\": {\"id\": ..., \"type\": \"paper\"}}")]
    [InlineData("{\"item\": {\"id\": \"fresh1\", \"type\": \"paper\"}, \"note\": \"long\"}", HttpStatusCode.BadRequest,
        "A note can have at most 500 characters.")]
    [InlineData("not json", HttpStatusCode.BadRequest, "The request body is not valid JSON")]
    public async Task Adding_anything_but_a_visible_paper_on_this_instance_is_refused(string body,
        HttpStatusCode status, string error)
    {
        var (user, api) = await app.ApiUserAsync();
        var slug = await CreateAsync(api, user.UserName!, "Strict list");
        body = body.Replace("\"hidden\"", $"\"{HiddenPaper}\"", StringComparison.Ordinal).Replace("\"fresh1\"",
            $"\"{Fresh(1)}\"", StringComparison.Ordinal)
            .Replace("\"long\"", $"\"{new string('n', 501)}\"", StringComparison.Ordinal);

        var reply = await PostAsync(api, $"/api/collections/{slug}/items", body);

        Assert.Equal((status, error.Replace("'hidden'", $"'{HiddenPaper}'", StringComparison.Ordinal)),
            (reply.Status, reply.Error));
        Assert.Equal(0, (await GetAsync(api, $"/api/collections/{slug}")).Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_shows_the_owners_private_collections_to_the_owner_only_with_at_most_4_items_and_no_position()
    {
        var (user, api) = await app.ApiUserAsync();
        var open = await CreateAsync(api, user.UserName!, "Five papers");
        var secret = await CreateAsync(api, user.UserName!, "Hidden from others", isPrivate: true);
        foreach (var n in new[] { 1, 2, 3, 4, 5 }) await AddAsync(api, open, Fresh(n), n == 1 ? "a note" : null);

        var mine = await GetAsync(api, $"/api/collections?owner={user.UserName}&limit=100");
        var anonymous = await GetAsync(app.CreateClient(), $"/api/collections?owner={user.UserName}");

        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Equal([open, secret], Slugs(mine)); // the last updated first: papers went into the open one last
        Assert.Equal([open], Slugs(anonymous));
        foreach (var entry in mine.Json.EnumerateArray())
        {
            Assert.False(entry.TryGetProperty("position", out _)); // the client numbers entries itself
            Assert.Equal(user.UserName, entry.GetProperty("owner").GetProperty("name").GetString());
        }
        var items = mine.Json[0].GetProperty("items");
        Assert.Equal([Fresh(1), Fresh(2), Fresh(3), Fresh(4)],
            items.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("a note", items[0].GetProperty("note").GetProperty("text").GetString());
        Assert.Equal(5, (await GetAsync(api, $"/api/collections/{open}")).Json.GetProperty("items").GetArrayLength());

        var holding = await GetAsync(app.CreateClient(),
            $"/api/collections?item=papers/{Fresh(5)}&owner={user.UserName}");
        Assert.Equal([open], Slugs(holding));
        Assert.Equal("[]", (await GetAsync(app.CreateClient(), $"/api/collections?item=models/openai/gpt2")).Body);
    }

    [Fact]
    public async Task List_pages_follow_the_link_header_and_bad_parameters_are_400()
    {
        var (user, api) = await app.ApiUserAsync();
        var slugs = new List<string>();
        for (var i = 0; i < 3; i++) slugs.Add(await CreateAsync(api, user.UserName!, $"Paged {i}"));

        var first = await GetAsync(api, $"/api/collections?owner={user.UserName}&limit=2");
        Assert.Equal($"<https://papers.community.example/api/collections?owner={user.UserName}&limit=2&p=1>; " +
            $"rel=\"next\"", first.Link);
        var link = first.Link!;
        var next = await GetAsync(api, link[1..link.IndexOf('>', StringComparison.Ordinal)]);
        Assert.Null(next.Link);
        Assert.Equal([slugs[2], slugs[1], slugs[0]], [.. Slugs(first), .. Slugs(next)]);

        foreach (var query in new[] { "limit=0", "limit=101", "limit=ten", "p=-1", "sort=random", "item=papers",
            "item=papers/", "item=nothing/x" })
        {
            var reply = await GetAsync(api, $"/api/collections?{query}");
            Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{query}: {reply.Status}");
            Assert.False(string.IsNullOrEmpty(reply.Error));
        }
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(api,
            $"/api/collections?sort=trending&owner={user.UserName}")).Status);
    }

    [Fact]
    public async Task Delete_removes_the_collection_and_its_items_then_answers_404()
    {
        var (user, api) = await app.ApiUserAsync();
        var first = await CreateAsync(api, user.UserName!, "Keep");
        var slug = await CreateAsync(api, user.UserName!, "Throw away");
        var last = await CreateAsync(api, user.UserName!, "Keep too");
        await AddAsync(api, slug, Fresh(4));

        var deleted = await DeleteAsync(api, $"/api/collections/{slug}");

        Assert.Equal((HttpStatusCode.OK, """{"success":true}"""), (deleted.Status, deleted.Body));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(api, $"/api/collections/{slug}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync(api, $"/api/collections/{slug}")).Status);
        var id = slug[^24..];
        Assert.Equal(0, await app.WithDbAsync(db => db.CollectionItems().CountAsync(i => i.CollectionId == id)));
        Assert.Equal(1, (await GetAsync(api, $"/api/collections/{last}")).Json.GetProperty("position").GetInt32());
        Assert.Equal(0, (await GetAsync(api, $"/api/collections/{first}")).Json.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task A_paper_hidden_after_it_was_added_shows_to_curators_only()
    {
        var (user, api) = await app.ApiUserAsync();
        var (_, curator) = await app.ApiUserAsync(role: "curator");
        var slug = await CreateAsync(api, user.UserName!, "Soon hidden");
        await AddAsync(api, slug, PaperHiddenLater);
        await AddAsync(api, slug, Fresh(6));

        await app.WithDbAsync(db => db.Papers.Where(p => p.Id == PaperHiddenLater).ExecuteUpdateAsync(set =>
            set.SetProperty(p => p.IsHidden, true)));

        string[] Ids(Reply reply) => [.. reply.Json.GetProperty("items").EnumerateArray().Select(i =>
            i.GetProperty("id").GetString()!)];
        Assert.Equal([Fresh(6)], Ids(await GetAsync(api, $"/api/collections/{slug}")));
        Assert.Equal([Fresh(6)], Ids(await GetAsync(app.CreateClient(), $"/api/collections/{slug}")));
        Assert.Equal([PaperHiddenLater, Fresh(6)], Ids(await GetAsync(curator, $"/api/collections/{slug}")));
        Assert.Equal("[]", (await GetAsync(app.CreateClient(),
            $"/api/collections?item=papers/{PaperHiddenLater}")).Body);
        Assert.DoesNotContain("Fresh paper 10", await app.CreateClient().GetStringAsync($"/collections/{slug}"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_collection_json_is_hfs_member_for_member()
    {
        var (user, api) = await app.ApiUserAsync();
        var slug = await CreateAsync(api, user.UserName!, "Exact shape");
        var itemId = await AddAsync(api, slug, Fresh(7), "Read & cite");

        var body = (await GetAsync(api, $"/api/collections/{slug}")).Body;
        var lastUpdated = JsonDocument.Parse(body).RootElement.GetProperty("lastUpdated").GetString()!;
        var theme = JsonDocument.Parse(body).RootElement.GetProperty("theme").GetString()!;
        var published = await app.WithDbAsync(db =>
            db.Papers.Where(p => p.Id == Fresh(7)).Select(p => p.PublishedAt).SingleAsync());

        Assert.Matches(UtcMilliseconds(), lastUpdated);
        var publishedAt = published!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var expected = string.Concat($$$"""
            {"slug":"{{{slug}}}","title":"Exact shape","gating":false,"lastUpdated":"{{{lastUpdated}}}",
            "owner":{"_id":"{{{user.Id}}}",
            "avatarUrl":"https://papers.community.example/u/{{{user.UserName}}}/avatar.svg",
            "fullname":"{{{user.UserName}}}","name":"{{{user.UserName}}}","type":"user","isPro":false,"isHf":false,
            "isHfAdmin":false,"isMod":false,"followerCount":0},
            "items":[{"_id":"{{{itemId}}}","position":0,"type":"paper","id":"{{{Fresh(7)}}}",
            "title":"Fresh paper 7","upvotes":0,"publishedAt":"{{{publishedAt}}}",
            "thumbnailUrl":"https://papers.community.example/papers/{{{Fresh(7)}}}/thumbnail",
            "note":{"html":"Read &amp; cite","text":"Read & cite"}}],
            "theme":"{{{theme}}}","private":false,"upvotes":0,"isUpvotedByUser":false,
            "shareUrl":"https://papers.community.example/collections/{{{slug}}}","position":0}
            """.Split('\n'));
        Assert.Equal(expected, body);
    }

    private static List<string> Slugs(Reply reply) => [.. reply.Json.EnumerateArray().Select(c =>
        c.GetProperty("slug").GetString()!)];

    private static (string Id, int Position, string? Note) I(string id, int position, string? note) => (id, position,
        note);

    private static async Task<(string Id, int Position, string? Note)[]> ItemsAsync(HttpClient api, string slug) =>
        [.. (await GetAsync(api, $"/api/collections/{slug}")).Json.GetProperty("items").EnumerateArray().Select(i => (
            i.GetProperty("_id").GetString()!, i.GetProperty("position").GetInt32(),
            i.TryGetProperty("note", out var note) ? note.GetProperty("text").GetString() : null))];

    /// <summary>The only form huggingface_hub's parse_datetime accepts (an offset such as +00:00 breaks it).</summary>
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex UtcMilliseconds();
}
