using DailyPapers.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DailyPapers.Tests.Community;

/// <summary>Layout and keyboard in Debian's Chromium: a one-row header from 1024 px, the first card above the fold
/// on a phone, and the calendar and account menu opened by keyboard and working without JavaScript.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserFixture app)
{
    private async Task<IPage> PageAsync(IBrowserContext context)
    {
        context.SetDefaultTimeout((float)Patience.HangGuard.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    private async Task SignInAsync(IPage page)
    {
        var user = await app.CreateUserAsync(app.NewName("layout"));
        await page.GotoAsync(app.BaseUrl + "/account/sign-in");
        await page.FillAsync("#Login", user.UserName!);
        await page.FillAsync("#Password", CommunityFixture.Password);
        await page.ClickAsync("main button[type=submit]");
        await page.Locator("#current-user").WaitForAsync();
    }

    /// <summary>The tops of the header's parts (brand, nav, account, search, theme button) and whether the main nav
    /// shows all its links.</summary>
    private static async Task<(double[] Tops, bool NavFits)> HeaderAsync(IPage page)
    {
        var tops = await page.EvaluateAsync<double[]>("""
            () => [...document.querySelector('.header-inner').children]
                .filter(e => e.getClientRects().length > 0).map(e => e.getBoundingClientRect().top)
            """);
        var fits = await page.EvaluateAsync<bool>(
            "() => { const n = document.querySelector('.site-nav'); return n.scrollWidth <= n.clientWidth; }");
        return (tops, fits);
    }

    [Theory]
    [InlineData(1024, false)]
    [InlineData(1024, true)]
    [InlineData(1280, true)]
    public async Task The_header_is_one_row_from_1024_px(int width, bool signedIn)
    {
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width,
            Height = 800 } });
        var page = await PageAsync(context);
        if (signedIn) await SignInAsync(page);
        await page.GotoAsync(app.BaseUrl + "/");

        var (tops, navFits) = await HeaderAsync(page);
        Assert.True(tops.Length >= 4, $"{tops.Length} header parts");
        // Centred in one row: tops differ by the parts' heights, never by a row.
        Assert.True(tops.Max() - tops.Min() < 24, $"header tops at {width}px: {string.Join(", ", tops)}");
        var widths = await page.EvaluateAsync<string>("""
            () => [...document.querySelector('.header-inner').children]
                .map(e => `${e.className || e.tagName}:${Math.round(e.getBoundingClientRect().width)}`).join(' ')
            """);
        Assert.True(navFits, $"the main nav is cut off at {width}px: {widths}");
        // Side by side, never on top of each other: the search input once overflowed its box onto the theme button.
        var overlaps = await page.EvaluateAsync<string[]>("""
            () => {
                const boxes = [...document.querySelector('.header-inner').children]
                    .filter(e => e.getClientRects().length > 0)
                    .flatMap(e => [e, ...e.querySelectorAll('input')]).map(e => [e, e.getBoundingClientRect()]);
                return boxes.flatMap(([a, ra], i) => boxes.slice(i + 1)
                    .filter(([b, rb]) => !a.contains(b) && ra.right > rb.left && rb.right > ra.left)
                    .map(([b]) => `${a.className || a.tagName} / ${b.className || b.tagName}`));
            }
            """);
        Assert.True(overlaps.Length == 0, $"overlapping header parts at {width}px: {string.Join(", ", overlaps)}");
    }

    [Fact]
    public async Task On_a_390_by_844_phone_the_first_card_is_above_the_fold()
    {
        await using var context = await app.Browser.NewContextAsync(new()
            { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, DeviceScaleFactor = 3 });
        var page = await PageAsync(context);
        await page.GotoAsync(app.BaseUrl + "/");

        var box = await page.Locator(".paper-list .card").First.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Y >= 0 && box.Y + box.Height <= 844,
            $"first card from y={box.Y} to y={box.Y + box.Height} of 844");
    }

    [Fact]
    public async Task The_calendar_opens_by_keyboard_and_its_day_links_and_date_field_work_without_javascript()
    {
        await using var context = await app.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await PageAsync(context);
        await page.GotoAsync(app.BaseUrl + "/");

        await page.FocusAsync(".calendar summary");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".calendar")).ToHaveAttributeAsync("open", "");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("jump-day", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        var day = page.Locator(".month-grid td.has-papers a").First;
        var href = await day.GetAttributeAsync("href");
        await day.ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + href);

        await page.ClickAsync(".calendar summary");
        await page.FillAsync("#jump-day", "2020-01-02");
        await page.ClickAsync(".jump-form button");
        await page.WaitForURLAsync(app.BaseUrl + "/papers/date/2020-01-02");
    }

    [Fact]
    public async Task The_account_menu_opens_by_keyboard_and_reaches_every_link()
    {
        await using var context = await app.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await PageAsync(context);
        await SignInAsync(page);

        await page.FocusAsync(".account-menu summary");
        await page.Keyboard.PressAsync("Enter");
        foreach (var id in new[] { "my-collections", "", "sign-out" })
        {
            await page.Keyboard.PressAsync("Tab");
            if (id.Length > 0) Assert.Equal(id, await page.EvaluateAsync<string>("() => document.activeElement.id"));
        }
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#sign-in-link").WaitForAsync();
    }
}
