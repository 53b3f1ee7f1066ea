using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Writes every DateTime as UTC with milliseconds and a trailing Z (<c>2025-08-07T00:00:00.000Z</c>), the form HF
/// sends: an offset such as <c>+00:00</c> breaks HF's own Python client.
/// </summary>
public sealed class UtcDateTimeJsonConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
            CultureInfo.InvariantCulture));
}
