namespace DailyPapers.Features.Imports;

/// <summary>The file formats <c>import</c> reads, by name.</summary>
public static class ImportFormats
{
    public const string Listing = "listing";
    public const string HfDaily = "hf-daily";

    public static readonly string[] All = [Listing, HfDaily];

    public static IReadOnlyList<PaperRecord> Parse(string format, byte[] bytes, DateOnly? date, DateOnly today) => format switch
    {
        Listing => ListingParser.Parse(bytes, date, today),
        HfDaily => HfDailyParser.Parse(bytes, date),
        _ => throw new ImportFormatException($"unknown format '{format}' (expected {string.Join(" or ", All)})"),
    };
}
