using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Imports;

/// <summary>The built-in demo: 133 papers from a Daily Papers page, featured on 2025-08-07.</summary>
public static class DemoCorpus
{
    public static readonly DateOnly Date = new(2025, 8, 7);

    public static byte[] ListingBytes()
    {
        using var stream = typeof(DemoCorpus).Assembly.GetManifestResourceStream("DailyPapers.demo-listing.txt")
            ?? throw new InvalidOperationException("The demo listing is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Imports the demo when the database holds no papers; returns the summary, or null when it did
    /// nothing.</summary>
    public static async Task<ImportSummary?>
        LoadIfEmptyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (await db.Papers.AnyAsync(cancellationToken)) return null;
        var records = ListingParser.Parse(ListingBytes(), Date, Date);
        return await scope.ServiceProvider.GetRequiredService<PaperImporter>().ImportAsync(records, null,
            cancellationToken);
    }
}
