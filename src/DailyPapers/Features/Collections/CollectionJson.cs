using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace DailyPapers.Features.Collections;

/// <summary>
/// Hugging Face's collection JSON, as <c>huggingface_hub</c> reads it: <c>lastUpdated</c> in UTC with a Z, a note as
/// <c>{html, text}</c> (a bare string breaks the client), and <c>position</c> only on single collections (the client
/// numbers list entries itself and fails on a second <c>position</c>). Null members are left out.
/// </summary>
public static class CollectionJson
{
    public sealed record OwnerJson(
        [property: JsonPropertyName("_id")] string Id,
        string AvatarUrl,
        string Fullname,
        string Name,
        string Type,
        bool IsPro,
        bool IsHf,
        bool IsHfAdmin,
        bool IsMod,
        int FollowerCount);

    public sealed record NoteJson(string Html, string Text);

    public sealed record ItemJson(
        [property: JsonPropertyName("_id")] string ItemId,
        int Position,
        string Type,
        string Id,
        string Title,
        int Upvotes,
        DateTime? PublishedAt,
        string ThumbnailUrl,
        NoteJson? Note);

    public sealed record Json(
        string Slug,
        string Title,
        string? Description,
        bool Gating,
        DateTime LastUpdated,
        OwnerJson Owner,
        IReadOnlyList<ItemJson> Items,
        string Theme,
        [property: JsonPropertyName("private")] bool IsPrivate,
        int Upvotes,
        bool IsUpvotedByUser,
        string ShareUrl,
        int? Position);

    /// <summary>The <c>PATCH</c> answer: the collection wrapped as HF wraps it.</summary>
    public sealed record UpdatedJson(bool Success, Json Data);

    public sealed record ConflictJson(string Error, string Slug);

    /// <summary>A collection and its items; <paramref name="withPosition"/> for one collection, not in lists.</summary>
    public static Json Collection(CollectionView view, string baseUrl, bool withPosition)
    {
        var c = view.Collection;
        var avatar = c.Owner.AvatarUrl ?? $"{baseUrl}/u/{Uri.EscapeDataString(c.Owner.UserName)}/avatar.svg";
        var owner = new OwnerJson(c.Owner.Id, avatar, c.Owner.FullName ?? c.Owner.UserName, c.Owner.UserName, "user",
            c.Owner.IsPro, false, false, false, 0);
        // Collections have no upvotes here: always 0, never upvoted.
        return new Json(c.Slug, c.Title, c.Description, false, c.UpdatedAt, owner,
            [.. view.Items.Select(i => Item(i, baseUrl))], c.Theme, c.IsPrivate, 0, false, baseUrl + c.Url,
            withPosition ? c.Position : null);
    }

    private static ItemJson Item(CollectionEntry item, string baseUrl) => new(
        item.Id, item.Position, "paper", item.Paper.Id, item.Paper.Title, item.Paper.Upvotes,
        item.Paper.PublishedAt ?? item.Paper.FirstFeaturedAt, $"{baseUrl}/papers/{item.Paper.Id}/thumbnail",
        item.Note is { } note ? new NoteJson(HtmlEncoder.Default.Encode(note), note) : null);
}
