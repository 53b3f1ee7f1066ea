using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Community;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Collections;

/// <summary>
/// The community instance (fresh papers 1-12) with paper 11 hidden by curators from the start; paper 10 is left for
/// the test that hides a paper already in a collection. Helpers send JSON the way huggingface_hub does.
/// </summary>
public sealed class CollectionsFixture : CommunityFixture
{
    public static readonly string HiddenPaper = Fresh(11);
    public static readonly string PaperHiddenLater = Fresh(10);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await WithDbAsync(db => db.Papers.Where(p => p.Id == HiddenPaper)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.IsHidden, true)));
    }

    /// <summary>A new user with a token, and a client sending it.</summary>
    public async Task<(User User, HttpClient Api)> ApiUserAsync(string? role = null)
    {
        var user = await CreateUserAsync(role: role);
        return (user, ApiClient(await TokenForAsync(user)));
    }

    /// <summary>Sends a JSON body (the raw text given) as huggingface_hub does: <c>application/json</c>.</summary>
    public static async Task<Reply> SendAsync(HttpClient client, HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8,
            new MediaTypeHeaderValue("application/json"));
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, text, response.Headers.Contains("X-Error-Code"),
            response.Headers.TryGetValues("Link", out var link) ? link.Single() : null);
    }

    public static Task<Reply> GetAsync(HttpClient client, string url) => SendAsync(client, HttpMethod.Get, url);

    public static Task<Reply> PostAsync(HttpClient client, string url, string json) => SendAsync(client,
        HttpMethod.Post, url, json);

    public static Task<Reply> PatchAsync(HttpClient client, string url, string json) => SendAsync(client,
        HttpMethod.Patch, url, json);

    public static Task<Reply> DeleteAsync(HttpClient client, string url) => SendAsync(client, HttpMethod.Delete, url);

    /// <summary>Creates a collection through the API and returns its slug.</summary>
    public static async Task<string> CreateAsync(HttpClient api, string owner, string title, bool isPrivate = false)
    {
        var flag = isPrivate ? "true" : "false";
        var reply = await PostAsync(api, "/api/collections",
            $$"""{"title": {{JsonSerializer.Serialize(title)}}, "namespace": "{{owner}}", "private": {{flag}}}""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json.GetProperty("slug").GetString()!;
    }

    public static async Task<string> AddAsync(HttpClient api, string slug, string paperId, string? note = null)
    {
        var body = note is null
            ? $$$"""{"item": {"id": "{{{paperId}}}", "type": "paper"}}"""
            : $$$"""{"item": {"id": "{{{paperId}}}", "type": "paper"}, "note": {{{JsonSerializer.Serialize(note)}}}}""";
        var reply = await PostAsync(api, $"/api/collections/{slug}/items", body);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var id = PaperIds.Normalize(paperId).Id;
        return reply.Json.GetProperty("items").EnumerateArray().Single(i =>
            i.GetProperty("id").GetString() == id).GetProperty("_id").GetString()!;
    }
}

/// <summary>An API answer: status, body, and the headers the client looks at.</summary>
public sealed record Reply(HttpStatusCode Status, string Body, bool HasErrorCode, string? Link)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Error => Json.GetProperty("error").GetString()!;
}

[CollectionDefinition(Name)]
public sealed class CollectionsCollection : ICollectionFixture<CollectionsFixture>
{
    public const string Name = "collections";
}
