using DailyPapers.Features.Figures;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Harvest;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Figures;

/// <summary>
/// The app with its PDFs served by a loopback <see cref="FixtureServer"/> (or by nothing), a clock the test sets,
/// and its warnings kept. The job does not run by itself: tests run it with <see cref="RunJobAsync"/>.
/// </summary>
public sealed class FigureApp(string pdfHost, string pdftoppm, IReadOnlyDictionary<string, string>? settings = null)
    : AppFactory
{
    /// <summary>The path of a paper's PDF on the fixture server.</summary>
    public static string PdfPath(string id) => $"/pdf/{id}";

    public const string NoPdftoppm = "/nonexistent/pdftoppm";
    public const int MaxPdfBytes = 300_000;

    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero));
    public LogCollector Logs { get; } = new();

    /// <summary>The Debian path the `./test` script installs poppler-utils at.</summary>
    public static string InstalledPdftoppm => File.Exists("/usr/bin/pdftoppm") ? "/usr/bin/pdftoppm"
        : throw new InvalidOperationException("pdftoppm is not installed: apt-get install poppler-utils");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var figures = new Dictionary<string, string>
        {
            ["Figures:PdfEndpoint"] = pdfHost.TrimEnd('/') + PdfPath("{id}"),
            ["Figures:Pdftoppm"] = pdftoppm,
            ["Figures:MaxPdfBytes"] = $"{MaxPdfBytes}",
            ["Figures:DownloadTimeout"] = "00:01:00",
        };
        foreach (var (key, value) in HarvestAppFactory.FastEtiquette.Concat(figures)
                     .Concat(settings ?? new Dictionary<string, string>()))
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    public static readonly DateOnly Day = new(2026, 1, 9);

    public async Task ImportPapersAsync(params string[] ids) => await ImportAsync([.. ids.Select(id => new PaperRecord
    {
        Id = id, Title = $"Figures of paper {id}", Abstract = "An abstract.", Origin = "test",
        Featured = new FeaturedOn(Day, Day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), null),
    })]);

    public async Task<int> RunJobAsync() => await Services.GetRequiredService<FigureWorker>().RunOnceAsync(default);

    public Task<PaperFigure?> FigureAsync(string id) =>
        WithDbAsync(db => db.PaperFigures.AsNoTracking().SingleOrDefaultAsync(f => f.PaperId == id));

    /// <summary>Serves each paper's PDF from <paramref name="pdfs"/> by id; anything else is a 404.</summary>
    public static Func<HttpContext, Task> Serve(IReadOnlyDictionary<string, Func<HttpContext, Task>> pdfs) =>
        context =>
        {
            var id = context.Request.Path.Value!["/pdf/".Length..];
            if (pdfs.TryGetValue(id, out var respond)) return respond(context);
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        };

    public static Func<HttpContext, Task> Pdf(byte[] bytes) => context =>
    {
        context.Response.ContentType = "application/pdf";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes).AsTask();
    };
}
