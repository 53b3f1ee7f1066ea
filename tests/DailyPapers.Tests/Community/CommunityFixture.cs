using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace DailyPapers.Tests.Community;

/// <summary>
/// An instance with a few fresh arXiv papers (published two days ago, so submittable) and one old one, plus
/// helpers for accounts: users made through Identity, API tokens, and browser-like clients signed in through the form.
/// </summary>
public partial class CommunityFixture : AppFactory
{
    public const string Password = "Correct horse battery 42";
    public static readonly string Month = DateTime.UtcNow.ToString("yyMM", CultureInfo.InvariantCulture);
    public static string Fresh(int n) => $"{Month}.{n:00000}";
    public const string OldPaper = "2401.00042";

    private int counter;

    /// <summary>Rate limits far above what the tests do, except in <see cref="RateLimitFixture"/> which tests
    /// them.</summary>
    protected virtual int PermitLimit => 100_000;

    /// <summary>Every write rate limit of the site, by its settings section.</summary>
    public static readonly string[] RateLimits =
    [
        "Accounts:SignIn", "Accounts:SignUp", "Community:Submit", "Community:Vote", "Community:Comment",
        "Collections:Write", "ForYou:Write",
    ];

    /// <summary>The site's configured address (links in mail need one); null: not configured.</summary>
    public virtual string? PublicUrl => "https://papers.community.example";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (PublicUrl is not null) builder.UseSetting("Instance:PublicUrl", PublicUrl);
        // For you retrains in the background after a vote and reads the voter's votes: not while a test counts the
        // rows a page reads (For you's own fixture sets a short delay).
        builder.UseSetting("ForYou:RetrainDelay", "01:00:00");
        foreach (var limit in RateLimits)
        {
            builder.UseSetting($"{limit}:PermitLimit", PermitLimit.ToString(CultureInfo.InvariantCulture));
            // A day: no window ends while a test counts its requests, however slowly a busy machine runs it.
            builder.UseSetting($"{limit}:WindowSeconds", "86400");
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var published = DateTime.UtcNow.AddDays(-2);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var records = Enumerable.Range(1, 12).Select(n => new PaperRecord
        {
            Id = Fresh(n), Title = $"Fresh paper {n}", Abstract = $"Abstract {n}.",
                Authors = ["Ada Lovelace", "Alan Turing"],
            PublishedAt = published, Origin = $"fresh {n}",
            // Papers 1-3 are on yesterday's list with imported upvotes; the rest are only known.
            Upvotes = n <= 3 ? 10 * n : null,
            Featured = n <= 3 ? new FeaturedOn(today.AddDays(-1), published.AddHours(n), null) : null,
        }).ToList();
        records.Add(new PaperRecord { Id = OldPaper, Title = "An old paper", Abstract = "Old.",
            PublishedAt = DateTime.UtcNow.AddDays(-60), Origin = "old" });
        await ImportAsync(records);
    }

    public string NewName(string prefix) => $"{prefix}{Interlocked.Increment(ref counter)}";

    public async Task<User> CreateUserAsync(string? name = null, bool confirmed = true, string? role = null,
        bool withPassword = true)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        name ??= NewName("user");
        var user = new User { UserName = name, Email = $"{name}@example.org", EmailConfirmed = confirmed,
            CreatedAt = DateTime.UtcNow };
        var result = withPassword ? await users.CreateAsync(user, Password) : await users.CreateAsync(user);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        if (role is not null)
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
            await users.AddToRoleAsync(user, role);
        }
        return user;
    }

    public Task<string> TokenForAsync(User user) =>
        WithDbAsync(db => ApiTokens.CreateAsync(db, user.Id, "test", DateTime.UtcNow, default));

    public HttpClient ApiClient(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient BrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client with cookies, signed in through the sign-in form as a person would.</summary>
    public async Task<HttpClient> SignedInAsync(User user)
    {
        var client = BrowserClient();
        var response = await PostFormAsync(client, "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = user.UserName!, ["Password"] = Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>GETs the page holding the form, then POSTs the fields with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage>
        PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = FormToken(await client.GetStringAsync(formPage));
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The antiforgery token of a page's forms.</summary>
    public static string FormToken(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    public Task<int> UpvotesAsync(string paperId) =>
        WithDbAsync(db => Task.FromResult(db.Papers.Where(p => p.Id == paperId).Select(p => p.Upvotes).First()));

    /// <summary>The invariant: shown upvotes = imported upvotes + vote rows.</summary>
    public Task<(int Shown, int Imported, int Rows)> CountsAsync(string paperId) => WithDbAsync(db => Task.FromResult((
        db.Papers.Where(p => p.Id == paperId).Select(p => p.Upvotes).First(),
        db.Papers.Where(p => p.Id == paperId).Select(p => p.ImportedUpvotes).First(),
        db.Votes.Count(v => v.PaperId == paperId))));

    public string PickupDirectory => Path.Combine(Database.DataDirectory, "mail-pickup");

    /// <summary>The newest pickup-folder mail to this address with this subject (polled, bounded).</summary>
    public Task<MimeMessage> MailAsync(string to, string subject) => MailInAsync(PickupDirectory, to, subject);

    /// <summary>The newest mail to this address with this subject in a pickup folder (polled, bounded).</summary>
    public static async Task<MimeMessage> MailInAsync(string pickupDirectory, string to, string subject)
    {
        using var timeout = new CancellationTokenSource(Patience.HangGuard);
        while (true)
        {
            var files = Directory.Exists(pickupDirectory) ? Directory.GetFiles(pickupDirectory, "*.eml") : [];
            foreach (var file in files.OrderDescending())
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.To.ToString().Contains(to, StringComparison.OrdinalIgnoreCase)
                    && (message.Subject ?? "").Contains(subject, StringComparison.Ordinal))
                    return message;
            }
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>The first absolute link in a mail's text.</summary>
    public static string LinkIn(MimeMessage message) => Link().Match(message.TextBody ?? "").Value;

    /// <summary>How many mails the pickup folder holds (none is written until a mail is sent).</summary>
    public int MailCount => Directory.Exists(PickupDirectory) ? Directory.GetFiles(PickupDirectory, "*.eml").Length : 0;

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

[CollectionDefinition(Name)]
public sealed class CommunityCollection : ICollectionFixture<CommunityFixture>
{
    public const string Name = "community";
}
