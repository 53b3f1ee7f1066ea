using System.Globalization;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// One line per committed page: records, pages, rate, and an ETA when the repository reports the list's size.
/// The first report is the position the harvest starts from (non-zero when it resumes).
/// </summary>
public sealed class HarvestDisplay(TimeProvider clock) : IProgress<HarvestProgress>
{
    private readonly long started = clock.GetTimestamp();
    private int? firstSeen;

    public void Report(HarvestProgress value)
    {
        if (firstSeen is null)
        {
            firstSeen = value.Seen;
            if (value.Pages > 0)
                Console.Error.WriteLine($"resuming after page {value.Pages} ({value.Seen} records seen)");
            return;
        }
        var line = string.Create(CultureInfo.InvariantCulture,
            $"page {value.Pages}: {value.Records:N0} records, {value.Skipped:N0} skipped, {value.Deleted:N0} deleted");
        if (value.CompleteListSize is { } size and > 0)
            line += string.Create(CultureInfo.InvariantCulture,
                $" of {size:N0} ({Math.Min(100, 100.0 * value.Seen / size):F0}%)");

        // The rate counts only what this process fetched.
        var seconds = clock.GetElapsedTime(started).TotalSeconds;
        var fetched = value.Seen - firstSeen.Value;
        if (seconds > 0 && fetched > 0)
        {
            var rate = fetched / seconds;
            line += string.Create(CultureInfo.InvariantCulture, $", {rate:N0} records/s");
            if (value.CompleteListSize is { } total && total > value.Seen)
                line += $", ETA {TimeSpan.FromSeconds((total - value.Seen) / rate):hh\\:mm\\:ss}";
        }
        Console.Error.WriteLine(line);
    }
}
