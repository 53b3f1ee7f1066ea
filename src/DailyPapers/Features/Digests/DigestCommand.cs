using System.CommandLine;
using System.Globalization;
using DailyPapers.Data;
using DailyPapers.Features.Feed;
using DailyPapers.Features.Mail;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Digests;

/// <summary><c>digest compose --period daily|weekly [--date]</c>, <c>digest send</c>, <c>digest preview --to
/// FILE</c>.</summary>
public static class DigestCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("digest", "Email digests: compose the outbox, send it, preview a digest");
        command.Subcommands.Add(Compose(host));
        command.Subcommands.Add(Send(host));
        command.Subcommands.Add(Preview(host));
        return command;
    }

    private static Option<string> PeriodOption()
    {
        var period = new Option<string>("--period")
            { Description = "daily or weekly", DefaultValueFactory = _ => "daily" };
        period.AcceptOnlyFromAmong("daily", "weekly");
        return period;
    }

    private static Option<string?> DateOption(string description) => new("--date") { Description = description };

    private static Command Compose(CliHost host)
    {
        var period = PeriodOption();
        var date =
            DateOption("Daily: the featured day (default: the latest). Weekly: any day of the ISO week (default: the " +
                "latest featured day's week)");
        var command = new Command("compose",
            "Queue one digest per active subscriber of that frequency; re-running queues nothing twice")
            { period, date };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!TryParseDate(result.GetValue(date), out var day)) return
                CliHost.Fail($"--date '{result.GetValue(date)}' is not a date (expected YYYY-MM-DD)");
            await using var app = await host.OpenAsync(result, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            day ??= await services.GetRequiredService<FeedQuery>().LatestDateAsync(cancellationToken);
            if (day is not { } chosen) return CliHost.Fail("there are no papers yet: import some first");
            var feedPeriod = result.GetValue(period) == "weekly" ? FeedPeriod.Containing(PeriodKind.Week, chosen)
                : FeedPeriod.Day(chosen);
            var composer = services.GetRequiredService<DigestComposer>();
            var outcome = await DigestRunLog.RecordAsync(services.GetRequiredService<AppDb>(),
                services.GetRequiredService<TimeProvider>(), "compose", "cli",
                () => composer.ComposeAsync(feedPeriod, null, cancellationToken), r => (r.ToString(), r.Queued, 0),
                    cancellationToken);
            Console.WriteLine(outcome);
            return 0;
        });
        return command;
    }

    private static Command Send(CliHost host)
    {
        var command =
            new Command("send",
            "Send every queued digest that is due (over SMTP, or to the pickup folder without SMTP), then exit");
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = await host.OpenAsync(result, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            if (string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<InstanceOptions>>().Value.PublicUrl))
                return CliHost.Fail("Instance:PublicUrl is not set: digests need absolute links (e.g. " +
                    "--Instance:PublicUrl=https://papers.example.org). Nothing was sent.");
            var sender = services.GetRequiredService<DigestSender>();
            var outcome = await DigestRunLog.RecordAsync(services.GetRequiredService<AppDb>(),
                services.GetRequiredService<TimeProvider>(), "send", "cli",
                () => sender.SendDueAsync(cancellationToken), r => (r.ToString(), r.Sent, r.Retrying + r.Parked),
                    cancellationToken);
            Console.WriteLine(outcome);
            return 0;
        });
        return command;
    }

    private static Command Preview(CliHost host)
    {
        var to = new Option<FileInfo>("--to")
            { Description = "File to write: .eml for the whole message, anything else for the HTML", Required = true };
        var period = PeriodOption();
        var date = DateOption("A day of the period (default: the latest featured day)");
        var command = new Command("preview", "Write a digest as a subscriber without topics would get it")
            { to, period, date };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = await host.OpenAsync(result, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var baseUrl = services.GetRequiredService<IOptions<InstanceOptions>>().Value.PublicUrl is { Length: > 0 }
                url ? url : "http://127.0.0.1:5000";
            var preview = await services.GetRequiredService<DigestPreview>().RenderAsync(result.GetValue(date),
                result.GetValue(period), baseUrl, cancellationToken);
            if (preview.Error is { } error) return CliHost.Fail(error);
            var file = result.GetValue(to)!;
            if (file.Extension.Equals(".eml", StringComparison.OrdinalIgnoreCase))
            {
                var mail = services.GetRequiredService<DigestRenderer>().Render(preview.Content!, baseUrl,
                    $"preview.{Guid.NewGuid():N}@localhost");
                await services.GetRequiredService<MailSender>().Build(mail).WriteToAsync(file.FullName,
                    cancellationToken);
            }
            else
            {
                await File.WriteAllTextAsync(file.FullName, preview.Html, cancellationToken);
            }
            Console.WriteLine($"Wrote the digest of {preview.Period!.Title} ({preview.Content!.Papers.Count} papers) " +
                $"to {file.FullName}");
            return 0;
        });
        return command;
    }

    private static bool TryParseDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null) return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var parsed)) return false;
        date = parsed;
        return true;
    }

}
