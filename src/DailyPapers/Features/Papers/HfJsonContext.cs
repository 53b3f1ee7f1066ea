using System.Text.Json.Serialization;

namespace DailyPapers.Features.Papers;

/// <summary>
/// Serialization code generated at build time for the API's item shapes: the busiest endpoints (daily papers,
/// search) skip reflection-based metadata. Other types fall through to the default resolver.
/// </summary>
[JsonSerializable(typeof(HfJson.PaperJson))]
[JsonSerializable(typeof(IEnumerable<HfJson.DailyPaperJson>))]
[JsonSerializable(typeof(IReadOnlyList<HfJson.DailyPaperJson>))]
[JsonSerializable(typeof(List<HfJson.DailyPaperJson>))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class HfJsonContext : JsonSerializerContext;
