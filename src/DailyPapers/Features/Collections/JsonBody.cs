using System.Text.Json;

namespace DailyPapers.Features.Collections;

/// <summary>
/// A JSON object request body read by hand, so that a body that is not JSON, or a member of the wrong type, gets a
/// 400 naming it instead of a bare binding failure. A member that is absent or null reads as null.
/// </summary>
public sealed class JsonBody
{
    private readonly JsonElement root;
    private readonly string path;
    private readonly JsonBody? parent;
    private string? error;

    private JsonBody(JsonElement root, string path, JsonBody? parent, string? error) =>
        (this.root, this.path, this.parent, this.error) = (root, path, parent, error);

    /// <summary>The first problem in the body or in a member read so far (nested objects report here too).</summary>
    public string? Error => parent?.Error ?? error;

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            var root = document.RootElement.Clone();
            var error = root.ValueKind == JsonValueKind.Object ? null : "The request body must be a JSON object";
            return new JsonBody(root, "", null, error);
        }
        catch (JsonException)
        {
            return new JsonBody(default, "", null, "The request body is not valid JSON");
        }
    }

    public string? Text(string name) =>
        !TryMember(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : Fail<string>(name, "a string");

    public bool? Flag(string name) =>
        !TryMember(name, out var v) ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : Fail<bool?>(name, "true or false");

    public int? Number(string name) =>
        !TryMember(name, out var v) ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n
        : Fail<int?>(name, "an integer");

    public JsonBody? Nested(string name) =>
        !TryMember(name, out var v) ? null
        : v.ValueKind == JsonValueKind.Object ? new JsonBody(v, path + name + ".", this, null)
        : Fail<JsonBody>(name, "an object");

    private bool TryMember(string name, out JsonElement value)
    {
        value = default;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out value)
            && value.ValueKind != JsonValueKind.Null;
    }

    private T? Fail<T>(string name, string expected)
    {
        Record($"'{path}{name}' must be {expected}");
        return default;
    }

    private void Record(string message)
    {
        if (parent is not null) parent.Record(message);
        else error ??= message;
    }
}
