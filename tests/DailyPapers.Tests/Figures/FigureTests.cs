using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Features.Figures;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Harvest;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace DailyPapers.Tests.Figures;

/// <summary>One app whose PDFs a loopback server serves; pdftoppm is pointed elsewhere (embedded figures
/// only).</summary>
public sealed class FigureFixture : IAsyncLifetime
{
    public FixtureServer Server { get; private set; } = null!;
    public FigureApp App { get; private set; } = null!;

    /// <summary>How the server answers for each paper id; any other id is a 404.</summary>
    public Dictionary<string, Func<HttpContext, Task>> Pdfs { get; } = new(StringComparer.Ordinal);

    /// <summary>The address the site is told it has: shared links' previews need one.</summary>
    public const string PublicUrl = "https://papers.example.org";

    public async Task InitializeAsync()
    {
        Server = await FixtureServer.StartAsync();
        Server.Respond = FigureApp.Serve(Pdfs);
        App = new FigureApp(Server.BaseUrl, FigureApp.NoPdftoppm,
            new Dictionary<string, string> { ["Instance:PublicUrl"] = PublicUrl });
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)App).DisposeAsync();
        await Server.DisposeAsync();
    }

    public int RequestsFor(string id) => Server.Requests.Count(r => r == FigureApp.PdfPath(id));
}

public sealed class FigureTests(FigureFixture fixture) : IClassFixture<FigureFixture>
{
    private readonly FigureApp app = fixture.App;

    [Fact]
    public async Task The_first_sizeable_figure_shows_on_the_card_the_paper_page_and_in_the_api()
    {
        const string jpeg = "2601.00101", png = "2601.00102";
        fixture.Pdfs[jpeg] = FigureApp.Pdf(TestPdfs.WithFigureOnPage2(SKEncodedImageFormat.Jpeg));
        fixture.Pdfs[png] = FigureApp.Pdf(TestPdfs.WithFigureOnPage2(SKEncodedImageFormat.Png));
        await app.ImportPapersAsync(jpeg, png);

        await app.RunJobAsync();

        var client = app.CreateClient();
        foreach (var id in new[] { jpeg, png })
        {
            var figure = await app.FigureAsync(id);
            Assert.Equal((FigureState.Done, "figure on page 2", 1), (figure!.State, figure.Source, figure.Attempts));
            var response = await client.GetAsync($"/papers/{id}/thumbnail");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromDays(30), response.Headers.CacheControl?.MaxAge);
            Assert.NotNull(response.Content.Headers.LastModified);
            using var image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal((ThumbnailImage.Width, ThumbnailImage.Height), (image.Width, image.Height));
            // The page-2 figure, whole on white (the 120×60 logo of page 1 is too small to count).
            AssertNear(TestPdfs.FigureColor, image.GetPixel(ThumbnailImage.Width / 2, ThumbnailImage.Height / 2));
            AssertNear(SKColors.White, image.GetPixel(ThumbnailImage.Width / 2, 1));

            using var again = new HttpRequestMessage(HttpMethod.Get, $"/papers/{id}/thumbnail");
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

            Assert.Matches(ThumbnailTag(id), await client.GetStringAsync($"/papers/{id}"));
        }
        var day = await client.GetStringAsync(DailyEntry.DayPath(FigureApp.Day));
        Assert.Matches(ThumbnailTag(jpeg), day);
        Assert.Matches(ThumbnailTag(png), day);
        var api = JsonDocument.Parse(await client.GetStringAsync($"/api/daily_papers?date={FigureApp.Day:yyyy-MM-dd}"));
        Assert.Contains(api.RootElement.EnumerateArray(),
            item => item.GetProperty("thumbnail").GetString()!
                .EndsWith($"/papers/{jpeg}/thumbnail", StringComparison.Ordinal));

        Assert.Contains(new DailyPapers.Features.Harvest.HarvestOptions().FullUserAgent, fixture.Server.UserAgents);
        await app.RunJobAsync();
        Assert.Equal((1, 1), (fixture.RequestsFor(jpeg), fixture.RequestsFor(png)));
    }

    [Fact]
    public async Task Bad_pdfs_are_skipped_with_their_reason_logged_and_never_fetched_again()
    {
        var tooLarge = new byte[FigureApp.MaxPdfBytes + 1];
        "%PDF-1.7\n"u8.CopyTo(tooLarge);
        var expected = new Dictionary<string, string>
        {
            ["2601.00201"] = "PdfPig cannot read the PDF",
            ["2601.00202"] = "no embedded figure of 300×150 pixels or more in the first 10 pages; " +
                "page 1 not drawn: pdftoppm is not installed",
            ["2601.00203"] = "/pdf/2601.00203 did not answer with a PDF",
            ["2601.00204"] = "/pdf/2601.00204 answered HTTP 404 Not Found",
            ["2601.00205"] = "the PDF is larger than Figures:MaxPdfBytes (300000 bytes): 300001 bytes",
            ["2601.00206"] = "the PDF is larger than Figures:MaxPdfBytes (300000 bytes): more than that bytes",
        };
        fixture.Pdfs["2601.00201"] = FigureApp.Pdf(TestPdfs.Corrupt());
        fixture.Pdfs["2601.00202"] = FigureApp.Pdf(TestPdfs.TextOnly());
        fixture.Pdfs["2601.00203"] = context => context.Response.WriteAsync("<html>Rate limited</html>");
        fixture.Pdfs["2601.00205"] = FigureApp.Pdf(tooLarge);
        fixture.Pdfs["2601.00206"] = async context =>
        {
            for (var sent = 0; sent <= FigureApp.MaxPdfBytes && !context.RequestAborted.IsCancellationRequested;
                 sent += 10_000)
                await context.Response.Body.WriteAsync(tooLarge.AsMemory(0, 10_000), context.RequestAborted);
        };
        await app.ImportPapersAsync([.. expected.Keys]);

        await app.RunJobAsync();
        await app.RunJobAsync();

        var client = app.CreateClient();
        foreach (var (id, reason) in expected)
        {
            var figure = await app.FigureAsync(id);
            Assert.Equal(FigureState.Skipped, figure!.State);
            Assert.Contains(reason, figure.Reason, StringComparison.Ordinal);
            Assert.Null(figure.Image);
            Assert.Equal(1, figure.Attempts);
            Assert.Equal(1, fixture.RequestsFor(id));
            Assert.Contains(app.Logs.Entries, e => e.Message.StartsWith($"No thumbnail for {id}, never trying again: ",
                StringComparison.Ordinal) && e.Message.Contains(reason, StringComparison.Ordinal));

            var response = await client.GetAsync($"/papers/{id}/thumbnail");
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromHours(1), response.Headers.CacheControl?.MaxAge);
            using var again = new HttpRequestMessage(HttpMethod.Get, $"/papers/{id}/thumbnail");
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/papers/2601.99999/thumbnail")).StatusCode);
    }

    [Fact]
    public async Task A_5xx_is_tried_again_later_and_given_up_after_the_last_attempt()
    {
        const string id = "2601.00301";
        fixture.Pdfs[id] = context => { context.Response.StatusCode = 503; return Task.CompletedTask; };
        await app.ImportPapersAsync(id);

        await app.RunJobAsync();
        var first = await app.FigureAsync(id);
        Assert.Equal((FigureState.Pending, 1), (first!.State, first.Attempts));
        Assert.Contains("answered HTTP 503", first.Reason, StringComparison.Ordinal);
        Assert.Equal(app.Clock.Now.UtcDateTime.AddHours(1), first.RetryAt);
        var requests = fixture.RequestsFor(id); // the harvester's client retried each 503 already
        await app.RunJobAsync();
        Assert.Equal(requests, fixture.RequestsFor(id));

        app.Clock.Now = app.Clock.Now.AddHours(1);
        await app.RunJobAsync();
        app.Clock.Now = app.Clock.Now.AddHours(2);
        await app.RunJobAsync();
        var last = await app.FigureAsync(id);
        Assert.Equal((FigureState.Skipped, 3), (last!.State, last.Attempts));
        Assert.StartsWith("gave up after 3 attempts: GET ", last.Reason, StringComparison.Ordinal);

        requests = fixture.RequestsFor(id);
        app.Clock.Now = app.Clock.Now.AddDays(30);
        await app.RunJobAsync();
        Assert.Equal(requests, fixture.RequestsFor(id));
    }

    [Fact]
    public async Task A_paper_another_node_claimed_is_left_to_it_until_its_lease_runs_out()
    {
        const string id = "2601.00401";
        fixture.Pdfs[id] = FigureApp.Pdf(TestPdfs.WithFigureOnPage2(SKEncodedImageFormat.Png));
        await app.ImportPapersAsync(id);
        await app.WithDbAsync(async db =>
        {
            db.PaperFigures.Add(new PaperFigure
            {
                PaperId = id, State = FigureState.Pending, Attempts = 1, ClaimedBy = "other-node",
                ClaimedUntil = app.Clock.Now.UtcDateTime.AddMinutes(10), UpdatedAt = app.Clock.Now.UtcDateTime,
            });
            return await db.SaveChangesAsync();
        });

        await app.RunJobAsync();
        Assert.Equal(0, fixture.RequestsFor(id));
        Assert.Equal("other-node", (await app.FigureAsync(id))!.ClaimedBy);

        // The other node died mid-way: its lease runs out and this node takes the paper.
        await app.WithDbAsync(db => db.PaperFigures.Where(f => f.PaperId == id).ExecuteUpdateAsync(s =>
            s.SetProperty(f => f.ClaimedUntil, app.Clock.Now.UtcDateTime.AddSeconds(-1))));
        await app.RunJobAsync();
        var figure = await app.FigureAsync(id);
        Assert.Equal((FigureState.Done, 2, null), (figure!.State, figure.Attempts, figure.ClaimedBy));
        Assert.Equal(1, fixture.RequestsFor(id));
    }

    [Fact]
    public async Task A_shared_paper_link_previews_its_figure_and_one_without_a_figure_previews_as_text()
    {
        const string withFigure = "2601.00501", without = "2601.00502";
        fixture.Pdfs[withFigure] = FigureApp.Pdf(TestPdfs.WithFigureOnPage2(SKEncodedImageFormat.Jpeg));
        await app.ImportPapersAsync(withFigure, without);   // the second PDF is a 404: no figure
        await app.RunJobAsync();
        var client = app.CreateClient();

        var page = await client.GetStringAsync($"/papers/{withFigure}");
        var site = FigureFixture.PublicUrl;
        Assert.Contains($"""<meta property="og:image" content="{site}/papers/{withFigure}/thumbnail">""", page);
        Assert.Contains("""<meta property="og:image:type" content="image/jpeg">""", page);
        Assert.Contains("""<meta property="og:image:width" content="480">""", page);
        Assert.Contains("""<meta name="twitter:card" content="summary_large_image">""", page);
        Assert.Contains($"""<meta property="og:url" content="{site}/papers/{withFigure}">""", page);
        Assert.Contains($"""<meta property="og:title" content="Figures of paper {withFigure}">""", page);
        Assert.Contains("""<meta property="og:type" content="article">""", page);
        Assert.Contains("""<meta property="og:description" content="An abstract.">""", page);

        var textOnly = await client.GetStringAsync($"/papers/{without}");
        Assert.DoesNotContain("og:image", textOnly, StringComparison.Ordinal);
        Assert.Contains("""<meta name="twitter:card" content="summary">""", textOnly);
        Assert.Contains($"""<meta property="og:url" content="{site}/papers/{without}">""", textOnly);
    }

    [Fact]
    public async Task A_paper_without_an_arxiv_id_is_skipped_without_a_request()
    {
        await app.ImportAsync([new PaperRecord { Title = "A Listing Paper Without Figures", Abstract = "Text.",
            Origin = "test" }]);
        var id = await app.WithDbAsync(db => db.Papers.Where(p => p.Title == "A Listing Paper Without Figures")
            .Select(p => p.Id).SingleAsync());

        await app.RunJobAsync();

        var figure = await app.FigureAsync(id);
        Assert.Equal((FigureState.Skipped, "not an arXiv paper", 0), (figure!.State, figure.Reason, figure.Attempts));
        Assert.DoesNotContain(fixture.Server.Requests, r => r.Contains(id, StringComparison.Ordinal));
    }

    private static Regex ThumbnailTag(string id) => new(
        $"""<img class="paper-thumbnail" src="/papers/{Regex.Escape(id)}/thumbnail" alt=""\s+"""
        + """width="480" height="252" loading="lazy" """);

    private static void AssertNear(SKColor expected, SKColor actual)
    {
        Assert.True(Math.Abs(expected.Red - actual.Red) < 24 && Math.Abs(expected.Green - actual.Green) < 24
            && Math.Abs(expected.Blue - actual.Blue) < 24, $"expected about {expected}, got {actual}");
    }
}
