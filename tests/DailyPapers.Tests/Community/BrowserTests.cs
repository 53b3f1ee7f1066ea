using System.Text.RegularExpressions;
using DailyPapers.Tests.Infrastructure;
using Microsoft.Playwright;
using MimeKit;

namespace DailyPapers.Tests.Community;

/// <summary>The real app on Kestrel (a random loopback port) and one Debian Chromium for the whole run.</summary>
public sealed class BrowserFixture : CommunityFixture
{
    public BrowserFixture() => UseKestrel(0);

    public string BaseUrl => ClientOptions.BaseAddress.ToString().TrimEnd('/');
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // The resolver rule keeps Chromium off the network: only loopback resolves.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        });
    }

    protected override async Task DisposeFixtureAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        await base.DisposeFixtureAsync();
    }
}

// Runs alone, after the parallel collections: on 2 cores, a browser competing with the embedding model for CPU
// can miss its timeouts.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

[Collection(BrowserCollection.Name)]
public sealed partial class BrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task A_new_user_signs_up_confirms_submits_upvotes_comments_replies_and_signs_out()
    {
        var name = app.NewName("reader");
        var paper = CommunityFixture.Fresh(6);
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // Generous waits: on 2 shared cores a page can take seconds under load; a hang still fails, only later.
        page.SetDefaultTimeout((float)Patience.HangGuard.TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)Patience.HangGuard.TotalMilliseconds);

        await page.GotoAsync(app.BaseUrl + "/account/sign-up");
        await page.FillAsync("#UserName", name);
        await page.FillAsync("#Email", $"{name}@example.org");
        await page.FillAsync("#Password", CommunityFixture.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/account/check-email");

        var link = await ConfirmationLinkAsync($"{name}@example.org");
        await page.GotoAsync(app.BaseUrl + new Uri(link).PathAndQuery);
        await page.GetByText("Your email address is confirmed").WaitForAsync();

        await page.GotoAsync(app.BaseUrl + "/account/sign-in");
        await page.FillAsync("#Login", name);
        await page.FillAsync("#Password", CommunityFixture.Password);
        await page.ClickAsync("main button[type=submit]");
        await page.Locator("#current-user").WaitForAsync();
        Assert.Equal(name, await page.InnerTextAsync("#current-user"));

        await page.GotoAsync(app.BaseUrl + "/papers/submit");
        await page.FillAsync("#Paper", $"https://arxiv.org/abs/{paper}");
        await page.ClickAsync("main button[type=submit]");
        await ExpectUrlAsync(page, $"**/papers/{paper}");

        // The vote goes by fetch: the page is not reloaded (a marker set on the window survives).
        await page.EvaluateAsync("window.noReload = true");
        var vote = page.Locator("article.paper .vote-button");
        await vote.ClickAsync();
        await Assertions.Expect(vote).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("article.paper .vote-count")).ToHaveTextAsync("1");
        Assert.True(await page.EvaluateAsync<bool>("window.noReload === true"));

        await page.FillAsync(".comment-form textarea", "A **bold** first comment");
        await page.ClickAsync(".comment-form button[type=submit]");
        await Assertions.Expect(page.Locator(".comment-body strong")).ToHaveTextAsync("bold");

        await page.ClickAsync(".reply-box summary");
        await page.FillAsync(".reply-box textarea", "And a reply");
        await page.ClickAsync(".reply-box button[type=submit]");
        await Assertions.Expect(page.Locator(".comment-replies .comment-body")).ToHaveTextAsync("And a reply");

        await page.ClickAsync(".account-menu summary");
        await page.ClickAsync("#sign-out");
        await page.Locator("#sign-in-link").WaitForAsync();
        Assert.Equal(1, await app.UpvotesAsync(paper));
    }

    /// <summary>Waits for the navigation; when it ends elsewhere, the failure says where and what the page
    /// said.</summary>
    private static async Task ExpectUrlAsync(IPage page, string pattern)
    {
        try
        {
            await page.WaitForURLAsync(pattern);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"expected {pattern} but the browser is on {page.Url}: {await page.InnerTextAsync("main")}");
        }
    }

    private async Task<string> ConfirmationLinkAsync(string to)
    {
        using var timeout = new CancellationTokenSource(Patience.HangGuard);
        while (true)
        {
            foreach (var file in Directory.Exists(app.PickupDirectory)
                ? Directory.GetFiles(app.PickupDirectory, "*.eml") : [])
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.To.ToString().Contains(to, StringComparison.OrdinalIgnoreCase)) return
                    Link().Match(message.TextBody ?? "").Value;
            }
            await Task.Delay(50, timeout.Token);
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
