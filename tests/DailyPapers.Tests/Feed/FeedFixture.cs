using DailyPapers.Features.Imports;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Infrastructure;

namespace DailyPapers.Tests.Feed;

/// <summary>
/// An instance with known data: the demo (133 papers, 2025-08-07), the HF fixture (3 papers, 2025-08-08, with
/// upvotes and submitters), an XSS attempt (2025-08-09, the latest day) and papers on ISO-week boundaries.
/// </summary>
public sealed class FeedFixture : AppFactory
{
    public const string XssTitle = "<script>alert(\"xss\")</script> Attacks & Defenses";
    public const string XssAbstract =
        "An <img src=x onerror=alert(1)> abstract with \"quotes\", ]]> and <b>markup</b>.";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ImportAsync(ImportFormats.Listing, Listings.Demo(), new DateOnly(2025, 8, 7));
        await ImportAsync(ImportFormats.HfDaily,
            await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-daily.json")));
        await ImportAsync(
        [
            Paper("xss-paper", XssTitle, XssAbstract, new DateOnly(2025, 8, 9), upvotes: 1),
            Paper("sunday-2024-w52", "Sunday paper", "Featured on Sunday 2024-12-29, ISO week 2024-W52.",
                new DateOnly(2024, 12, 29)),
            Paper("monday-2025-w01", "Monday paper", "Featured on Monday 2024-12-30, ISO week 2025-W01.",
                new DateOnly(2024, 12, 30)),
            Paper("new-year-2025-w01", "New year paper", "Featured on 2025-01-01, ISO week 2025-W01.",
                new DateOnly(2025, 1, 1)),
            Paper("thursday-2020-w53", "Week 53 paper", "Featured on 2020-12-31, ISO week 2020-W53.",
                new DateOnly(2020, 12, 31)),
            Paper("sunday-2020-w53", "Week 53 Sunday paper", "Featured on 2021-01-03, still ISO week 2020-W53.",
                new DateOnly(2021, 1, 3)),
        ]);
    }

    private static PaperRecord Paper(string id, string title, string abstractText, DateOnly featured, int upvotes = 0)
        => new()
    {
        Id = id,
        Title = title,
        Abstract = abstractText,
        Upvotes = upvotes,
        Featured = new FeaturedOn(featured, featured.ToDateTime(new TimeOnly(9, 30), DateTimeKind.Utc), null),
        Origin = id,
    };
}

[CollectionDefinition(Name)]
public sealed class FeedCollection : ICollectionFixture<FeedFixture>
{
    public const string Name = "feed";
}
