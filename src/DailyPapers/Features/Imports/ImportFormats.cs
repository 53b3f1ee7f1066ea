using DailyPapers.Features.Harvest;
using DailyPapers.Features.Papers;
namespace DailyPapers.Features.Imports;

/// <summary>The file formats <c>import</c> reads, by name.</summary>
public static class ImportFormats
{
    public const string Listing = "listing";
    public const string HfDaily = "hf-daily";
    public const string Oai = "oai";

    public static readonly string[] All = [Listing, HfDaily, Oai];

    /// <param name="warn">Told about what a format skips rather than refuses (an OAI record missing its title, a
    /// link that is not a URL).</param>
    public static IReadOnlyList<PaperRecord>
        Parse(string format, byte[] bytes, DateOnly? date, DateOnly today, Action<string>? warn = null) => format switch
    {
        Listing => ListingParser.Parse(bytes, date, today),
        HfDaily => HfDailyParser.Parse(bytes, date, warn),
        Oai => FeaturedOn(Harvest.OaiParser.ParseFile(bytes, warn), date),
        _ => throw new ImportFormatException($"unknown format '{format}' (expected {string.Join(" or ", All)})"),
    };

    /// <summary>arXiv records are not featured anywhere; <c>--date</c> puts them on that day's list.</summary>
    public static IReadOnlyList<PaperRecord> FeaturedOn(IReadOnlyList<PaperRecord> records, DateOnly? date) =>
        date is not { } day ? records
            : [.. records.Select(r => r with
                { Featured = new FeaturedOn(day, day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), null) })];
}
