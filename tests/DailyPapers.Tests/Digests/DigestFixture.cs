using System.Text.RegularExpressions;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digests;

/// <summary>
/// The app with SMTP pointed at a real loopback SMTP server, a clock the tests move, the scheduler off (tests call
/// the jobs' code directly) and a test sign-in header. Papers: 2025-08-07 (Thursday) and 2025-08-08 (Friday,
/// including one paper featured again), both in ISO week 2025-W32.
/// </summary>
public sealed partial class DigestFixture : AppFactory
{
    public const string PublicUrl = "https://papers.example";
    public static readonly DateOnly Thursday = new(2025, 8, 7);
    public static readonly DateOnly Friday = new(2025, 8, 8);

    public SmtpSink Smtp { get; private set; } = null!;
    public TestClock Clock { get; } = new(new DateTimeOffset(2025, 8, 8, 18, 0, 0, TimeSpan.Zero));

    public override async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        await base.InitializeAsync();
        await ImportAsync(
        [
            Paper("2508.00001", "Diffusion transformers for speech synthesis", "cs.SD cs.CL", Thursday, 50),
            Paper("2508.00002", "Reasoning in large language models", "cs.CL", Thursday, 40),
            Paper("2508.00003", "Graph networks for molecules", "cs.LG", Thursday, 30),
            Paper("2508.00004", "Speech recognition at scale", "cs.CL eess.AS", Thursday, 20),
            Paper("2508.00005", "Vision transformers revisited", "cs.CV", Thursday, 10),
            Paper("2508.00006", "Robot learning from play", "cs.RO", Thursday, 5),
            Paper("2508.00001", "Diffusion transformers for speech synthesis", "cs.SD cs.CL", Friday, 50),
            Paper("2508.00101", "Ünïcode and emoji 🚀 in titles", "cs.CL", Friday, 60),
            Paper("2508.00102", "Sparse attention kernels", "cs.LG", Friday, 15),
        ]);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings(Smtp.Port)) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions,
                TestAuthentication>(TestAuthentication.SchemeName, _ => { });
            services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = TestAuthentication.SchemeName);
        });
    }

    /// <summary>The configuration digests need, also given to the CLI child processes as environment
    /// variables.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings(int smtpPort) =>
    [
        new("Mail:SmtpHost", "127.0.0.1"),
        new("Mail:SmtpPort", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Mail:SmtpSecurity", "None"),
        new("Mail:SmtpTimeoutSeconds", "5"),
        new("Mail:From", "DailyPapers <papers@example.org>"),
        new("Mail:ReplyTo", "editors@example.org"),
        new("Instance:PublicUrl", PublicUrl),
        new("Scheduling:Enabled", "false"),
        new("Digests:TopPapers", "3"),
        new("Digests:HardBounceLimit", "2"),
        new("Digests:SubscribesPerAddressPerHour", "3"),
        new("Digests:SubscribesPerIpPerHour", "1000"),
    ];

    public async Task<int> AddSubscriberAsync(string email, DigestFrequency frequency = DigestFrequency.Daily,
        string topics = "",
        SubscriptionStatus status = SubscriptionStatus.Active, string timeZone = "UTC", int hour = 8,
            DayOfWeek weeklyDay = DayOfWeek.Monday) =>
        await WithDbAsync(async db =>
        {
            var subscription = new DigestSubscription
            {
                Email = email, Frequency = frequency, Topics = topics, Status = status, TimeZone = timeZone,
                    DeliveryHour = hour,
                WeeklyDay = weeklyDay, CreatedAt = Clock.GetUtcNow().UtcDateTime,
            };
            db.DigestSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
            return subscription.Id;
        });

    public Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action) => WithScopeAsync(action);

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<ComposeResult> ComposeAsync(Features.Feed.FeedPeriod period, params int[] subscribers) =>
        WithScopeAsync(s => s.GetRequiredService<DigestComposer>().ComposeAsync(period,
            subscribers.Length == 0 ? null : subscribers, default));

    public Task<SendResult> SendAsync() =>
        WithScopeAsync(s => s.GetRequiredService<DigestSender>().SendDueAsync(default));

    public Task<List<DigestOutboxMessage>> OutboxAsync(int subscriber) =>
        WithDbAsync(db => db.DigestOutbox.AsNoTracking().Where(o => o.SubscriptionId == subscriber).OrderBy(o =>
            o.Id).ToListAsync());

    public Task<DigestSubscription?> SubscriptionAsync(string email) =>
        WithDbAsync(db => db.DigestSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Email == email));

    /// <summary>GETs a page and returns its antiforgery token; the client keeps the matching cookie.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return AntiforgeryField().Match(html) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException($"No antiforgery token on {path}");
    }

    public static string LinkIn(MimeKit.MimeMessage message, string pathStart) =>
        Link().Matches(message.TextBody ?? "").Select(m => m.Value).First(u =>
            u.StartsWith(PublicUrl + pathStart, StringComparison.Ordinal));

    /// <summary>The path and query of one of our absolute links, for the test client.</summary>
    public static string Local(string url) => url[PublicUrl.Length..];

    public static PaperRecord Paper(string id, string title, string categories, DateOnly featured, int upvotes) =>
        new()
    {
        Id = id,
        Title = title,
        Abstract =
            $"We study {title.ToLowerInvariant()}. Our method beats the baselines. A third sentence that the digest " +
                $"leaves out.",
        Authors = ["Ada Lovelace", "Alan Turing"],
        Categories = categories,
        GithubRepo = $"https://github.com/example/{id}",
        Upvotes = upvotes,
        Featured = new FeaturedOn(featured, featured.ToDateTime(new TimeOnly(9, 30), DateTimeKind.Utc), null),
        Origin = id,
    };

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"https://\S+")]
    private static partial Regex Link();
}

[CollectionDefinition(Name)]
public sealed class DigestCollection : ICollectionFixture<DigestFixture>
{
    public const string Name = "Digests";
}
