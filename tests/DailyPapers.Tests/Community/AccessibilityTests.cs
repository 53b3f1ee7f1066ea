using System.Text.Json;
using DailyPapers.Features.Accounts;
using DailyPapers.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DailyPapers.Tests.Community;

/// <summary>
/// axe-core (vendored by scripts/vendor-axe.sh, loaded from disk) on every page, light and dark, signed out and
/// in, and with form errors shown: no violation of any rule, WCAG 2.2 AA and best practices included.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture app)
{
    private static readonly string Axe =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Browser", "axe.min.js"));

    private sealed record Violation(string Id, string Help, string[] Nodes);

    private static readonly string[] SignedOutPages =
    [
        "/", "/papers/week", "/papers/month", "/papers/trending", $"/papers/{CommunityFixture.Fresh(1)}",
        "/search?q=fresh", "/search?q=nothing-matches-this", "/docs/api", "/account/sign-in", "/account/sign-up",
        "/account/forgot-password", "/subscribe", "/no-such-page", "/authors/Alan%20Turing",
    ];

    private static readonly string[] SignedInPages =
    [
        "/", $"/papers/{CommunityFixture.Fresh(1)}", "/papers/submit", "/account/settings", "/collections",
        "/authors/Alan%20Turing",
    ];

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Every_page_has_no_axe_violation(ColorScheme scheme)
    {
        var found = new List<string>();
        await using (var signedOut = await NewContextAsync(scheme))
        {
            var page = await signedOut.NewPageAsync();
            foreach (var path in SignedOutPages) found.AddRange(await CheckAsync(page, path, "signed out"));
            found.AddRange(await CheckOpenedAsync(page, "/", ".calendar summary", "calendar open"));
            found.AddRange(await CheckFormErrorsAsync(page));
        }
        await using (var signedIn = await NewContextAsync(scheme))
        {
            var page = await signedIn.NewPageAsync();
            var user = await app.CreateUserAsync(app.NewName("axe"), role: Roles.Curator);
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await page.FillAsync("#Login", user.UserName!);
            await page.FillAsync("#Password", CommunityFixture.Password);
            await page.ClickAsync("main button[type=submit]");
            await page.Locator("#current-user").WaitForAsync();
            var pages = SignedInPages.Append($"/u/{user.UserName}")
                .Append($"/admin/curate?paper={CommunityFixture.Fresh(1)}");
            foreach (var path in pages) found.AddRange(await CheckAsync(page, path, "signed in"));
            found.AddRange(await CheckOpenedAsync(page, "/", ".account-menu summary", "account menu open"));
        }
        Assert.True(found.Count == 0, $"{found.Count} axe violations ({scheme}):\n" + string.Join("\n", found));
    }

    private async Task<IBrowserContext> NewContextAsync(ColorScheme scheme)
    {
        // The site's CSP allows no inline script: the test's own script is let in, the page's policy is not changed.
        var context = await app.Browser.NewContextAsync(new() { ColorScheme = scheme, BypassCSP = true });
        context.SetDefaultTimeout((float)Patience.HangGuard.TotalMilliseconds);
        return context;
    }

    /// <summary>The forms that show errors, each submitted with a mistake, then checked as they show it.</summary>
    private async Task<IEnumerable<string>> CheckFormErrorsAsync(IPage page)
    {
        var found = new List<string>();
        await page.GotoAsync(app.BaseUrl + "/account/sign-up");
        await page.FillAsync("#UserName", "no spaces allowed");
        await page.FillAsync("#Email", "someone@example.org");
        await page.FillAsync("#Password", "short");
        await page.ClickAsync("main button[type=submit]");
        await page.Locator(".field-error:not(:empty), .form-errors li").First.WaitForAsync();
        found.AddRange(await RunAxeAsync(page, "sign-up with errors"));

        await page.GotoAsync(app.BaseUrl + "/account/sign-in");
        await page.FillAsync("#Login", "nobody-at-all");
        await page.FillAsync("#Password", "wrong password");
        await page.ClickAsync("main button[type=submit]");
        await page.Locator(".form-errors li").First.WaitForAsync();
        found.AddRange(await RunAxeAsync(page, "sign-in with errors"));

        await page.GotoAsync(app.BaseUrl + "/subscribe");
        await page.FillAsync("main input[type=email]", "not-an-address");
        await page.ClickAsync("main button[type=submit]");
        await page.Locator(".form-error:not(:empty)").First.WaitForAsync();
        found.AddRange(await RunAxeAsync(page, "subscribe with errors"));
        return found;
    }

    private async Task<IEnumerable<string>> CheckAsync(IPage page, string path, string who)
    {
        await page.GotoAsync(app.BaseUrl + path);
        return await RunAxeAsync(page, $"{path} ({who})");
    }

    /// <summary>A page with a disclosure opened, so what it holds is checked too.</summary>
    private async Task<IEnumerable<string>> CheckOpenedAsync(IPage page, string path, string summary, string what)
    {
        await page.GotoAsync(app.BaseUrl + path);
        await page.ClickAsync(summary);
        return await RunAxeAsync(page, $"{path} ({what})");
    }

    private static async Task<IEnumerable<string>> RunAxeAsync(IPage page, string where)
    {
        await page.EvaluateAsync(Axe);
        var json = await page.EvaluateAsync<string>("""
            async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'] })).violations
                .map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) })))
            """);
        var violations = JsonSerializer.Deserialize<Violation[]>(json, JsonSerializerOptions.Web) ?? [];
        return violations.Select(v => $"{where}: {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Take(5))}");
    }
}
