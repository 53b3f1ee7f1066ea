using DailyPapers.Features.Figures;
using DailyPapers.Tests.Harvest;
using Microsoft.AspNetCore.Http;
using SkiaSharp;

namespace DailyPapers.Tests.Figures;

/// <summary>With Debian's pdftoppm (poppler-utils, installed by `./test`): page 1 of a paper without an embedded
/// figure becomes its thumbnail; embedded figures still come first.</summary>
public sealed class PageRenderTests : IAsyncLifetime
{
    private FixtureServer server = null!;
    private FigureApp app = null!;
    private readonly Dictionary<string, Func<HttpContext, Task>> pdfs = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        server = await FixtureServer.StartAsync();
        server.Respond = FigureApp.Serve(pdfs);
        app = new FigureApp(server.BaseUrl, FigureApp.InstalledPdftoppm);
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)app).DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Page_one_is_drawn_for_a_paper_without_an_embedded_figure()
    {
        const string textOnly = "2601.00601", withFigure = "2601.00602", corrupt = "2601.00603";
        pdfs[textOnly] = FigureApp.Pdf(TestPdfs.TextOnly());
        pdfs[withFigure] = FigureApp.Pdf(TestPdfs.WithFigureOnPage2(SKEncodedImageFormat.Jpeg));
        pdfs[corrupt] = FigureApp.Pdf(TestPdfs.Corrupt());
        await app.ImportPapersAsync(textOnly, withFigure, corrupt);

        await app.RunJobAsync();

        var page = await app.FigureAsync(textOnly);
        Assert.Equal((FigureState.Done, "page 1"), (page!.State, page.Source));
        var response = await app.CreateClient().GetAsync($"/papers/{textOnly}/thumbnail");
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        using var image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((ThumbnailImage.Width, ThumbnailImage.Height), (image.Width, image.Height));
        // The title's ink, near the top of the page.
        Assert.Contains(image.Pixels, p => p.Red + p.Green + p.Blue < 200);

        Assert.Equal("figure on page 2", (await app.FigureAsync(withFigure))!.Source);
        var unreadable = await app.FigureAsync(corrupt);
        Assert.Equal(FigureState.Skipped, unreadable!.State);
        Assert.Contains("PdfPig cannot read the PDF", unreadable.Reason, StringComparison.Ordinal);
        Assert.Contains("page 1 not drawn: pdftoppm failed (1)", unreadable.Reason, StringComparison.Ordinal);
    }
}

/// <summary>A PDF host nothing listens on: the paper is tried again later, then given up.</summary>
public sealed class UnreachablePdfHostTests : IAsyncLifetime
{
    private readonly FigureApp app = new("http://127.0.0.1:9", FigureApp.NoPdftoppm, new Dictionary<string, string>
        { ["Figures:MaxAttempts"] = "2", ["Figures:RetryDelay"] = "01:00:00" });

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)app).DisposeAsync();

    [Fact]
    public async Task An_unreachable_server_is_tried_again_after_the_retry_delay_then_given_up()
    {
        const string id = "2601.00501";
        await app.ImportPapersAsync(id);

        Assert.Equal(1, await app.RunJobAsync());
        var first = await app.FigureAsync(id);
        Assert.Equal((FigureState.Pending, 1, "cannot reach 127.0.0.1:9: connection refused (nothing listens there)"),
            (first!.State, first.Attempts, first.Reason));
        Assert.Equal(0, await app.RunJobAsync());
        Assert.Contains(app.Logs.Entries, e => e.Message.StartsWith($"No thumbnail for {id} yet: cannot reach",
            StringComparison.Ordinal));

        app.Clock.Now = app.Clock.Now.AddHours(1);
        Assert.Equal(1, await app.RunJobAsync());
        var last = await app.FigureAsync(id);
        Assert.Equal((FigureState.Skipped, 2), (last!.State, last.Attempts));
        Assert.Equal("gave up after 2 attempts: cannot reach 127.0.0.1:9: connection refused (nothing listens there)",
            last.Reason);

        app.Clock.Now = app.Clock.Now.AddDays(30);
        Assert.Equal(0, await app.RunJobAsync());
    }
}
