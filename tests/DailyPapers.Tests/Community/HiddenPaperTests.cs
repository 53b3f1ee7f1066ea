using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>
/// The community instance with semantic search on, and a catch-up so rare that only the change a curator's edit
/// publishes can move the search index during a test.
/// </summary>
public sealed class HiddenPaperFixture : CommunityFixture
{
    public const string Hidden = "2301.66001", Kin = "2301.66002", Twin = "2301.66003";

    protected override bool Embeddings => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Search:CatchUpInterval", "12:00:00");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        PaperRecord Paper(string id, string title, string abstractText, int upvotes) => new()
        {
            Id = id, Title = title, Abstract = abstractText, Authors = ["Grace Hopper"], Categories = "cs.LG",
            PublishedAt = DateTime.UtcNow.AddDays(-2), Upvotes = upvotes, Origin = id,
            Featured = new FeaturedOn(yesterday, DateTime.UtcNow.AddDays(-1), null),
        };
        await ImportAsync(
        [
            Paper(Hidden, "Quokka burrows: tunnelling quokkas under sparse lattices",
                "Quokkas dig quokka burrows through sparse lattices.", 500),
            Paper(Kin, "Quokka habitats", "Where marsupials live on islands.", 1),
            Paper(Twin, "Wombat burrows: tunnelling wombats under sparse lattices",
                "Wombats dig wombat burrows through sparse lattices.", 2),
        ]);
        var indexer = Services.GetRequiredService<SearchIndexer>();
        await Poll.UntilAsync(() => indexer.IsIdle ? indexer : null, TimeSpan.FromMinutes(3));
    }
}

/// <summary>A paper a curator hides is gone from every place readers find papers, at once; shown again, it is
/// back.</summary>
public sealed class HiddenPaperTests(HiddenPaperFixture app) : IClassFixture<HiddenPaperFixture>
{
    private const string Hidden = HiddenPaperFixture.Hidden, Kin = HiddenPaperFixture.Kin;
    private const string Twin = HiddenPaperFixture.Twin;
    private const string FirstByKeyword = "/api/papers/search?q=quokka&mode=keyword&limit=1";

    private readonly HttpClient reader = app.CreateClient();

    private async Task<string[]> IdsAsync(string url)
    {
        var items = await reader.GetFromJsonAsync<JsonElement>(url);
        return [.. items.EnumerateArray().Select(i => i.GetProperty("paper").GetProperty("id").GetString()!)];
    }

    private async Task<bool> ListsAsync(string url) => (await IdsAsync(url)).Contains(Hidden);

    private async Task<bool> LinksAsync(string url) =>
        (await reader.GetStringAsync(url)).Contains($"/papers/{Hidden}\"", StringComparison.Ordinal);

    private async Task<bool> AnswersAsync(string url) => (await reader.GetAsync(url)).StatusCode == HttpStatusCode.OK;

    /// <summary>Everywhere a reader can meet the paper, each with whether it is there now.</summary>
    private async Task<Dictionary<string, bool>> WhereFoundAsync()
    {
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new()
        {
            ["keyword search, first place"] = await ListsAsync(FirstByKeyword),
            ["hybrid search"] = await ListsAsync("/api/papers/search?q=quokka%20burrows"),
            ["semantic search"] = await ListsAsync("/api/papers/search?q=quokkas%20dig%20burrows&mode=semantic"),
            ["filtered listing"] = await ListsAsync("/api/papers/search?q=category:cs.LG&limit=120"),
            ["pasted id"] = await ListsAsync($"/api/papers/search?q={Hidden}"),
            ["search page"] = await LinksAsync("/search?q=quokka"),
            ["search page, pasted link"] = await LinksAsync($"/search?q=https://arxiv.org/abs/{Hidden}"),
            ["similar papers api"] = await ListsAsync($"/api/papers/{Twin}/similar"),
            ["similar papers box"] = await LinksAsync($"/papers/{Twin}"),
            ["daily papers api"] = await ListsAsync($"/api/daily_papers?date={yesterday}"),
            ["day page"] = await LinksAsync($"/papers/date/{yesterday}"),
            ["trending page"] = await LinksAsync("/papers/trending"),
            ["rss feed"] = (await reader.GetStringAsync("/papers/feed.xml")).Contains(Hidden, StringComparison.Ordinal),
            ["paper api"] = await AnswersAsync($"/api/papers/{Hidden}"),
            ["paper page"] = await AnswersAsync($"/papers/{Hidden}"),
            ["its own similar papers"] = await AnswersAsync($"/api/papers/{Hidden}/similar"),
        };
    }

    private static Task<HttpResponseMessage> SetHiddenAsync(HttpClient curator, string paper, bool hidden)
    {
        var form = $"/admin/curate?paper={paper}";
        return CommunityFixture.PostFormAsync(curator, form, $"{form}&handler=Hide",
            new() { ["Hidden"] = hidden ? "true" : "false" });
    }

    [Fact]
    public async Task A_hidden_paper_leaves_every_list_search_and_similar_list_at_once_takes_no_votes_and_comes_back()
    {
        var curator = await app.SignedInAsync(await app.CreateUserAsync(role: Roles.Curator));
        var voter = await app.CreateUserAsync();
        var api = app.ApiClient(await app.TokenForAsync(voter));
        var site = await app.SignedInAsync(voter);
        Assert.All(await WhereFoundAsync(), place => Assert.True(place.Value, $"before hiding, not in: {place.Key}"));

        Assert.Equal(HttpStatusCode.OK, (await SetHiddenAsync(curator, Hidden, true)).StatusCode);
        // The index follows the published change in the background: wait for it (the catch-up is hours away).
        await Poll.UntilAsync(async () => (await IdsAsync(FirstByKeyword)).SequenceEqual([Kin]) ? "" : null);
        Assert.All(await WhereFoundAsync(), place => Assert.False(place.Value, $"hidden, but still in: {place.Key}"));

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/papers/{Hidden}/upvote", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/papers/{Hidden}/upvote")).StatusCode);
        var vote = await CommunityFixture.PostFormAsync(site, $"/papers/{Twin}", $"/papers/{Hidden}/vote",
            new() { ["upvote"] = "true", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.NotFound, vote.StatusCode);
        var comment = await api.PostAsJsonAsync($"/api/papers/{Hidden}/comments", new { comment = "Still here?" });
        Assert.Equal(HttpStatusCode.NotFound, comment.StatusCode);
        Assert.Equal((500, 500, 0), await app.CountsAsync(Hidden));
        // Curators still see it.
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync($"/papers/{Hidden}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SetHiddenAsync(curator, Hidden, false)).StatusCode);
        await Poll.UntilAsync(async () => (await IdsAsync(FirstByKeyword)).SequenceEqual([Hidden]) ? "" : null);
        Assert.All(await WhereFoundAsync(), place => Assert.True(place.Value, $"shown again, but not in: {place.Key}"));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/papers/{Hidden}/upvote", null)).StatusCode);
        Assert.Equal((501, 500, 1), await app.CountsAsync(Hidden));
    }

    [Fact]
    public async Task A_curators_new_links_reach_the_search_filters_at_once()
    {
        const string withCode = "/api/papers/search?q=quokka%20has:code&mode=keyword";
        var curator = await app.SignedInAsync(await app.CreateUserAsync(role: Roles.Curator));
        var form = $"/admin/curate?paper={Kin}";
        Assert.DoesNotContain(Kin, await IdsAsync(withCode));

        var links = await CommunityFixture.PostFormAsync(curator, form, $"{form}&handler=Links",
            new() { ["GithubRepo"] = "https://github.com/example/quokka", ["ProjectPage"] = "" });
        Assert.Equal(HttpStatusCode.OK, links.StatusCode);
        await Poll.UntilAsync(async () => (await IdsAsync(withCode)).Contains(Kin) ? "" : null);
    }
}
