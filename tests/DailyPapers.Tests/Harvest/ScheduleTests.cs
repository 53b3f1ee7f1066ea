using DailyPapers.Features.Harvest;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DailyPapers.Tests.Harvest;

public sealed class ScheduleTests : IAsyncLifetime
{
    private FixtureServer server = null!;

    public async Task InitializeAsync() => server = await FixtureServer.StartAsync();

    private static DateTimeOffset At(string instant) =>
        DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task The_daily_trigger_fires_at_the_configured_local_time_across_daylight_saving()
    {
        var app = new HarvestAppFactory(new Dictionary<string, string>
        {
            ["Harvest:Schedule:Enabled"] = "true",
            ["Harvest:Schedule:Cron"] = "0 30 6 * * ?",
            ["Harvest:Schedule:TimeZone"] = "Europe/Berlin",
            ["Harvest:OaiEndpoint"] = server.OaiEndpoint,
        });
        await app.InitializeAsync();
        try
        {
            var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var trigger = Assert.IsType<ICronTrigger>(await scheduler.GetTrigger(HarvestSchedule.Trigger),
                exactMatch: false);

            Assert.Equal(HarvestSchedule.Job, trigger.JobKey);
            Assert.Equal("Europe/Berlin", trigger.TimeZone.Id);
            // The registered trigger starts now; its cron expression and zone say when it fires after any instant.
            var cron = new CronExpression(trigger.CronExpressionString!, trigger.TimeZone);
            // 06:30 in Berlin is 05:30 UTC in winter and 04:30 UTC once summer time starts (2025-03-30).
            Assert.Equal(At("2025-01-16T05:30:00Z"), cron.GetNextValidTimeAfter(At("2025-01-15T12:00:00Z")));
            Assert.Equal(At("2025-03-29T05:30:00Z"), cron.GetNextValidTimeAfter(At("2025-03-28T12:00:00Z")));
            Assert.Equal(At("2025-03-30T04:30:00Z"), cron.GetNextValidTimeAfter(At("2025-03-29T12:00:00Z")));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public void The_schedule_is_off_by_default_and_a_bad_one_is_refused()
    {
        Assert.False(new HarvestOptions().Schedule.Enabled);
        Assert.False(new HarvestOptions().FeatureToday.Enabled);
        Assert.Contains("Cron 'every day'",
            HarvestSchedule.ValidationError(new HarvestScheduleOptions { Cron = "every day" }),
            StringComparison.Ordinal);
        Assert.Equal("unknown time zone 'Mars/Olympus'",
            HarvestSchedule.ValidationError(new HarvestScheduleOptions { TimeZone = "Mars/Olympus" }));
    }

    [Fact]
    public async Task
        The_daily_run_harvests_from_yesterday_in_its_time_zone_then_from_where_it_stopped_and_features_new_papers()
    {
        var clock = new SetClock(At("2025-01-15T09:00:00Z"));
        var app = new HarvestAppFactory(new Dictionary<string, string>
        {
            ["Harvest:OaiEndpoint"] = server.OaiEndpoint,
            ["Harvest:Set"] = "cs",
            ["Harvest:Schedule:TimeZone"] = "Asia/Tokyo",
            ["Harvest:FeatureToday:Enabled"] = "true",
            ["Harvest:FeatureToday:Categories:0"] = "cs.CL",
        }, clock);
        await app.InitializeAsync();
        try
        {
            await app.ImportAsync([new PaperRecord
                { Id = "2212.07677", Title = "Known before", Abstract = "Already here.", Origin = "test" }]);
            server.Respond = FixtureServer.ThreePages;

            // 2025-01-15T23:30Z is already 2025-01-16 08:30 in Tokyo: "yesterday" there is the 15th.
            clock.Now = At("2025-01-15T23:30:00Z");
            await using (var scope = app.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<DailyHarvest>().RunAsync(default);

            Assert.Equal("/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2025-01-15", server.Requests.First());
            var featured = await app.WithDbAsync(db =>
                db.DailyEntries.Where(e => e.Date == new DateOnly(2025, 1, 16)).OrderBy(e => e.PaperId).Select(e =>
                e.PaperId).ToListAsync());
            // New papers in cs.CL (primary or cross-listed); 2212.07677 is in cs.CL too, but was not new.
            Assert.Equal(["2501.08001", "2501.08002", "2501.08006"], featured);

            server.Requests.Clear();
            clock.Now = At("2025-01-16T23:30:00Z");
            await using (var scope = app.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<DailyHarvest>().RunAsync(default);

            Assert.Equal("/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2025-01-16", server.Requests.First());
            Assert.Equal(0, await app.WithDbAsync(db =>
                db.DailyEntries.CountAsync(e => e.Date == new DateOnly(2025, 1, 17))));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
