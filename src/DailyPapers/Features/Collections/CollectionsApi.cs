using System.Globalization;
using System.Security.Claims;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Extensions;

namespace DailyPapers.Features.Collections;

/// <summary>
/// Hugging Face's collections API, so <c>huggingface_hub</c> (<c>create_collection</c>, <c>get_collection</c>,
/// <c>list_collections</c>, <c>update_collection_metadata</c>, <c>add_collection_item</c>, ...) works against an
/// instance with a personal access token. Callers are known by their token only: a cookie counts for nothing here, and
/// a bad token is a 401 even where no token is needed. Errors are <c>{"error": "..."}</c> with no X-Error-Code, so the
/// client raises its plain HTTP error for each status.
/// </summary>
public static class CollectionsApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    private static readonly string[] Sorts = ["lastModified", "trending", "upvotes"];

    /// <summary>Item types of HF that no collection here can hold: filtering by them finds nothing.</summary>
    private static readonly string[] OtherItemTypes = ["models", "datasets", "spaces", "collections", "buckets"];

    public static RouteGroupBuilder MapCollectionsApi(this RouteGroupBuilder api)
    {
        var reads = api.MapGroup("").AddEndpointFilter(TokenOrAnonymousAsync);
        reads.MapGet("", ListAsync).WithName("ListCollections")
            .WithSummary("Collections, last updated first: owner= (repeatable), item=papers/{id}, limit=1..100, p=0")
            .WithDescription("A bare JSON array; entries carry at most 4 items and no position. "
                + "More pages: a Link rel=\"next\" header. Every sort (lastModified|trending|upvotes) is lastModified.")
            .Produces<IReadOnlyList<CollectionJson.Json>>();
        reads.MapGet("/{owner}/{slug}", GetAsync).WithName("GetCollection")
            .WithSummary("A collection with all its papers; a private one only for its owner (404 for everyone else)")
            .Produces<CollectionJson.Json>();

        var writes = api.MapGroup("")
            .RequireAuthorization(ApiTokens.WritePolicy).RequireRateLimiting(CollectionLimits.Write);
        writes.MapPost("", CreateAsync).WithName("CreateCollection")
            .WithSummary("Create a collection: {title, namespace?, private?, description?}")
            .WithDescription("409 with the existing collection's slug when you have one with this title.")
            .Produces<CollectionJson.Json>().Produces<CollectionJson.ConflictJson>(StatusCodes.Status409Conflict);
        writes.MapPatch("/{owner}/{slug}", UpdateAsync).WithName("UpdateCollection")
            .WithSummary("Change title, description, private, theme or position; answers {success, data}")
            .WithDescription("Themes: orange, blue, green, purple, pink, indigo.")
            .Produces<CollectionJson.UpdatedJson>();
        writes.MapDelete("/{owner}/{slug}", DeleteAsync).WithName("DeleteCollection")
            .WithSummary("Delete a collection");
        writes.MapPost("/{owner}/{slug}/items", AddItemAsync).WithName("AddCollectionItem")
            .WithSummary("Add a paper: {item: {id, type: \"paper\"}, note?}")
            .WithDescription("404 for a paper not on this instance, 409 if it is already in the collection.")
            .Produces<CollectionJson.Json>();
        writes.MapPatch("/{owner}/{slug}/items/{itemId}", UpdateItemAsync).WithName("UpdateCollectionItem")
            .WithSummary("Change an item's note or position: {note?, position?}");
        writes.MapDelete("/{owner}/{slug}/items/{itemId}", DeleteItemAsync).WithName("DeleteCollectionItem")
            .WithSummary("Remove an item");
        return api;
    }

    /// <summary>Reads see the token's user, or nobody; never the cookie, and never past a bad token.</summary>
    private static async ValueTask<object?> TokenOrAnonymousAsync(EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var result = await context.AuthenticateAsync(ApiTokens.Scheme);
        if (result.Failure is { } failure)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiResults.Error(context, StatusCodes.Status401Unauthorized, failure.Message);
        }
        context.User = result.Principal ?? new ClaimsPrincipal(new ClaimsIdentity());
        return await next(invocation);
    }

    private static async Task<IResult> ListAsync(HttpContext context, CollectionReads reads,
        CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (!ApiResults.TryQueryInt(query["limit"].LastOrDefault(), DefaultLimit, out var limit)
            || limit is < 1 or > MaxLimit)
        {
            return ApiResults.BadRequest(context,
                $"Invalid limit '{query["limit"]}': expected an integer from 1 to {MaxLimit}");
        }
        if (!ApiResults.TryQueryInt(query["p"].LastOrDefault(), 0, out var page) || page > 100_000)
            return ApiResults.BadRequest(context, $"Invalid p '{query["p"]}': expected a page number from 0");
        if (query["sort"].LastOrDefault() is { } sort && !Sorts.Contains(sort, StringComparer.OrdinalIgnoreCase))
            return ApiResults.BadRequest(context, $"Invalid sort '{sort}': expected lastModified, trending or upvotes");
        var owners = query["owner"].OfType<string>().ToList();
        if (owners.Any(o => o.Length is 0 or > 100)) return ApiResults.BadRequest(context, "Invalid owner");
        var papers = new List<string>();
        foreach (var item in query["item"].OfType<string>())
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var (type, id) = slash > 0 ? (item[..slash], item[(slash + 1)..]) : (item, "");
            if (OtherItemTypes.Contains(type)) return Results.Ok(Array.Empty<object>());
            if (type != "papers" || id.Length == 0)
                return ApiResults.BadRequest(context, $"Invalid item '{item}': expected papers/<paper id>");
            papers.Add(PaperIds.Normalize(id).Id);
        }

        var (viewer, curator) = (CurrentUser.Id(context.User), CurrentUser.IsCurator(context.User));
        var filter = new CollectionFilter(owners, papers, viewer, curator, page * limit, limit);
        var (collections, hasMore) = await reads.ListAsync(filter, cancellationToken);
        var baseUrl = SiteUrls.BaseUrl(context);
        if (hasMore)
        {
            var next = new QueryBuilder(query.Where(q => q.Key != "p"))
            {
                { "p", (page + 1).ToString(CultureInfo.InvariantCulture) },
            };
            context.Response.Headers.Link = $"<{baseUrl}/api/collections{next}>; rel=\"next\"";
        }
        return Results.Ok(collections.Select(c => CollectionJson.Collection(c, baseUrl, withPosition: false)));
    }

    private static async Task<IResult> GetAsync(HttpContext context, string owner, string slug, CollectionReads reads,
        CancellationToken cancellationToken) =>
        await FindAsync(context, owner, slug, reads, cancellationToken) is { } collection
        && collection.IsVisibleTo(CurrentUser.Id(context.User))
            ? await FullAsync(context, collection.Id, reads, cancellationToken)
            : NotFound(context);

    private static async Task<IResult> CreateAsync(HttpContext context, CollectionWrites writes, CollectionReads reads,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        var (title, space) = (body.Text("title"), body.Text("namespace"));
        var (isPrivate, description) = (body.Flag("private"), body.Text("description"));
        if (body.Error is { } error) return ApiResults.BadRequest(context, error);
        var me = context.User.Identity!.Name!;
        if (space is not null && !string.Equals(space, me, StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Error(context, StatusCodes.Status403Forbidden,
                $"You can only create collections in your own namespace ('{me}')");
        }
        var result = await writes.CreateAsync(Caller(context), title, description, isPrivate ?? false,
            cancellationToken);
        // huggingface_hub's exists_ok=True reads the existing collection's slug from the 409.
        if (result.Status == StatusCodes.Status409Conflict && result.Id is not null
            && await reads.FindAsync(result.Id, false, cancellationToken) is { } existing)
        {
            return Results.Json(new CollectionJson.ConflictJson(result.Error!, existing.Slug),
                statusCode: result.Status);
        }
        return await FullOrFailedAsync(context, result, result.Id, reads, cancellationToken);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string owner, string slug,
        CollectionWrites writes, CollectionReads reads, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        var changes = new CollectionChanges(body.Text("title"), body.Text("description"), body.Flag("private"),
            body.Text("theme"), body.Number("position"));
        if (body.Error is { } error) return ApiResults.BadRequest(context, error);
        return await WithCollectionAsync(context, owner, slug, reads, async collection =>
        {
            var result = await writes.UpdateAsync(Caller(context), collection.Id, changes, cancellationToken);
            if (!result.Succeeded) return Failed(context, result);
            return await ViewAsync(context, collection.Id, reads, cancellationToken) is { } json
                ? Results.Ok(new CollectionJson.UpdatedJson(true, json))
                : NotFound(context);
        }, cancellationToken);
    }

    private static Task<IResult> DeleteAsync(HttpContext context, string owner, string slug, CollectionWrites writes,
        CollectionReads reads, CancellationToken cancellationToken) =>
        WithCollectionAsync(context, owner, slug, reads, async collection =>
            Done(context, await writes.DeleteAsync(Caller(context), collection.Id, cancellationToken)),
            cancellationToken);

    private static async Task<IResult> AddItemAsync(HttpContext context, string owner, string slug,
        CollectionWrites writes, CollectionReads reads, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        var item = body.Nested("item");
        var (id, type, note) = (item?.Text("id"), item?.Text("type"), body.Text("note"));
        if (body.Error is { } error) return ApiResults.BadRequest(context, error);
        if (item is null || id is null || type is null)
            return ApiResults.BadRequest(context, "Expected {\"item\": {\"id\": ..., \"type\": \"paper\"}}");
        if (type != "paper")
        {
            return ApiResults.BadRequest(context,
                $"Only papers can be added to collections on this instance, not '{type}'");
        }
        return await WithCollectionAsync(context, owner, slug, reads, async collection =>
        {
            var result = await writes.AddItemAsync(Caller(context), collection.Id, id, note, cancellationToken);
            return await FullOrFailedAsync(context, result, collection.Id, reads, cancellationToken);
        }, cancellationToken);
    }

    private static async Task<IResult> UpdateItemAsync(HttpContext context, string owner, string slug, string itemId,
        CollectionWrites writes, CollectionReads reads, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        var (position, note) = (body.Number("position"), body.Text("note"));
        if (body.Error is { } error) return ApiResults.BadRequest(context, error);
        return await WithCollectionAsync(context, owner, slug, reads, async collection =>
            Done(context, await writes.UpdateItemAsync(Caller(context), collection.Id, itemId, position, note,
                cancellationToken)), cancellationToken);
    }

    private static Task<IResult> DeleteItemAsync(HttpContext context, string owner, string slug, string itemId,
        CollectionWrites writes, CollectionReads reads, CancellationToken cancellationToken) =>
        WithCollectionAsync(context, owner, slug, reads, async collection => Done(context,
            await writes.RemoveItemAsync(Caller(context), collection.Id, itemId, cancellationToken)),
            cancellationToken);

    /// <summary>Runs the write on the collection the URL names, or answers 404 (the write checks the owner).</summary>
    private static async Task<IResult> WithCollectionAsync(HttpContext context, string owner, string slug,
        CollectionReads reads, Func<CollectionSummary, Task<IResult>> write, CancellationToken cancellationToken) =>
        await FindAsync(context, owner, slug, reads, cancellationToken) is { } collection
            ? await write(collection)
            : NotFound(context);

    /// <summary>The collection a URL names: by the id at its end, under its owner's name (any title part).</summary>
    private static async Task<CollectionSummary?> FindAsync(HttpContext context, string owner, string slug,
        CollectionReads reads, CancellationToken cancellationToken) =>
        CollectionSlugs.TryParseId(slug, out var id)
        && await reads.FindAsync(id, CurrentUser.IsCurator(context.User), cancellationToken) is { } collection
        && string.Equals(collection.Owner.UserName, owner, StringComparison.OrdinalIgnoreCase)
            ? collection : null;

    private static async Task<CollectionJson.Json?> ViewAsync(HttpContext context, string id, CollectionReads reads,
        CancellationToken cancellationToken)
    {
        var curator = CurrentUser.IsCurator(context.User);
        if (await reads.FindAsync(id, curator, cancellationToken) is not { } collection) return null;
        var view = new CollectionView(collection, await reads.ItemsAsync(id, curator, cancellationToken));
        return CollectionJson.Collection(view, SiteUrls.BaseUrl(context), withPosition: true);
    }

    private static async Task<IResult> FullAsync(HttpContext context, string id, CollectionReads reads,
        CancellationToken cancellationToken) =>
        await ViewAsync(context, id, reads, cancellationToken) is { } json ? Results.Ok(json) : NotFound(context);

    private static async Task<IResult> FullOrFailedAsync(HttpContext context, CollectionResult result, string? id,
        CollectionReads reads, CancellationToken cancellationToken) =>
        result.Succeeded ? await FullAsync(context, id!, reads, cancellationToken) : Failed(context, result);

    /// <summary>The caller of a write: <see cref="ApiTokens.WritePolicy"/> let only token users through.</summary>
    private static string Caller(HttpContext context) => CurrentUser.Id(context.User)!;

    /// <summary>The answer to a write whose body the client ignores (delete, item changes).</summary>
    private static IResult Done(HttpContext context, CollectionResult result) =>
        result.Succeeded ? Results.Ok(new { success = true }) : Failed(context, result);

    private static IResult NotFound(HttpContext context) => ApiResults.NotFound(context, CollectionWrites.NotFound);

    private static IResult Failed(HttpContext context, CollectionResult result) =>
        ApiResults.Error(context, result.Status, result.Error!);
}
