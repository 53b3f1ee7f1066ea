using DailyPapers.Features.Harvest;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Harvest;

/// <summary>The app with harvest etiquette shrunk to milliseconds, so failure paths run fast; optionally a fixed
/// clock.</summary>
public sealed class HarvestAppFactory(IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null)
    : AppFactory
{
    public static readonly Dictionary<string, string> FastEtiquette = new()
    {
        ["Harvest:RequestInterval"] = "00:00:00.001",
        ["Harvest:RetryDelay"] = "00:00:00.010",
        // Long enough that a loaded 2-core CI machine never times out a normal response; the timeout test waits it
        // once.
        ["Harvest:RequestTimeout"] = "00:00:03",
        ["Harvest:MaxRetries"] = "3",
        ["Harvest:PageAttempts"] = "3",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in FastEtiquette.Concat(settings ?? new Dictionary<string, string>()))
            builder.UseSetting(key, value);
        if (clock is not null) builder.ConfigureTestServices(services => services.AddSingleton(clock));
    }

    public async Task<HarvestResult> HarvestAsync(HarvestRequest request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OaiHarvester>().HarvestAsync(request, null, default);
    }

    public Task<HarvestState?> StateAsync() =>
        WithDbAsync(db =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(db.HarvestStates));
}

/// <summary>A clock the test sets (timers still run on real time, so the harvest's millisecond waits end).</summary>
public sealed class SetClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
