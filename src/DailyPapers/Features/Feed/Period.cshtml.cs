using System.Globalization;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Feed;

/// <summary>
/// The daily feed page: the latest featured day (<c>/</c>, <c>/papers</c>), or a day, ISO week or month.
/// <c>/papers/week</c> and <c>/papers/month</c> without a value redirect to the period of the latest featured day.
/// </summary>
[PublicContent]
public sealed class PeriodModel(FeedPages feed, PapersOnPage onPage) : PageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<(FeedSort Sort, string Key, string Label)> Sorts =
    [
        (FeedSort.Upvotes, "upvotes", "Top"),
        (FeedSort.Trending, "trending", "Trending"),
        (FeedSort.Recent, "recent", "Recent"),
        (FeedSort.Comments, "comments", "Most discussed"),
    ];

    /// <summary>Null only on an instance with no papers at all.</summary>
    public FeedPeriod? Period { get; private set; }

    public IReadOnlyList<FeaturedPaper> Items { get; private set; } = [];

    public int Count { get; private set; }

    public FeedSort Sort { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public int PageCount => Math.Max(1, (Count + PageSize - 1) / PageSize);

    public bool IsEmptyInstance { get; private set; }

    /// <summary>Paths of the nearest periods of the same kind that have papers, when there are any.</summary>
    public string? PreviousPath { get; private set; }

    public string? NextPath { get; private set; }

    /// <summary>The home page follows the latest day, so its feed is the one that moves with it.</summary>
    public bool IsLatest { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? kind, string? value, [FromQuery(Name = "day")] string? jumpTo,
        CancellationToken cancellationToken)
    {
        // The "Go to day" form: /papers/date?day=YYYY-MM-DD goes to the day's own address.
        if (value is null && jumpTo is not null && ParseKind(kind) == PeriodKind.Day)
        {
            return FeedPeriod.TryParse(PeriodKind.Day, jumpTo, out var chosen, out var dayError)
                ? Redirect(chosen.Path + SortQuery(ParseSort(Request.Query["sort"])))
                : this.NotFoundWith(dayError + ".");
        }
        Sort = ParseSort(Request.Query["sort"]);
        if (!ListPages.TryParsePage(Request.Query["page"], out var pageNumber)) return
            this.NotFoundWith("There is no such page of this list.");
        PageNumber = pageNumber;

        var periodKind = ParseKind(kind);
        var latest = await feed.LatestDateAsync(cancellationToken);
        IsEmptyInstance = latest is null;

        if (value is not null)
        {
            if (!FeedPeriod.TryParse(periodKind, value, out var parsed, out var error)) return
                this.NotFoundWith(error + ".");
            Period = parsed;
        }
        else if (latest is { } day)
        {
            var containing = FeedPeriod.Containing(periodKind, day);
            // "This week" and "This month" move on every day: send people to the period's shareable URL.
            if (kind is not null) return Redirect(containing.Path + SortQuery(Sort));
            Period = containing;
            IsLatest = true;
        }
        else
        {
            return Page();
        }

        var list = await feed.ListAsync(Period, Sort, (PageNumber - 1) * PageSize, PageSize, cancellationToken);
        Count = list.Count;
        if (PageNumber > PageCount) return
            this.NotFoundWith($"{Period.Title} has only {PageCount} page{(PageCount == 1 ? "" : "s")} of papers.");
        Items = list.Items;
        onPage.Add(Items.Select(i => i.Paper.Id));

        var (previous, next) = (list.Previous, list.Next);
        PreviousPath = previous is { } before ? FeedPeriod.Containing(Period.Kind, before).Path + SortQuery(Sort)
            : null;
        NextPath = next is { } after ? FeedPeriod.Containing(Period.Kind, after).Path + SortQuery(Sort) : null;
        return Page();
    }

    /// <summary>The page of the same kind containing this period's first day, keeping the sort.</summary>
    public string KindPath(PeriodKind kind) => FeedPeriod.Containing(kind, Period!.Start).Path + SortQuery(Sort);

    public string SortPath(FeedSort sort) => Request.Path + SortQuery(sort);

    public string PagePath(int page) =>
        Request.Path + SortQuery(Sort) + (page == 1 ? "" : (Sort == FeedSort.Upvotes ? "?" : "&") + "page="
            + page.ToString(CultureInfo.InvariantCulture));

    public string FeedPath => Period is null || IsLatest ? "/papers/feed.xml" : Period.Path + "/feed.xml";

    /// <summary>"day", "week" or "month", for sentences.</summary>
    public string KindName => Period?.Kind switch
        { PeriodKind.Week => "week", PeriodKind.Month => "month", _ => "day" };

    /// <summary>"on Thursday, August 7, 2025" or "in August 2025".</summary>
    public string PeriodPhrase => Period is null ? "" : (Period.Kind == PeriodKind.Day ? "on " : "in ") + Period.Title;

    private static string SortQuery(FeedSort sort) =>
        sort == FeedSort.Upvotes ? "" : "?sort=" + Sorts.First(s => s.Sort == sort).Key;

    private static PeriodKind ParseKind(string? kind) => kind?.ToLowerInvariant() switch
    {
        "week" => PeriodKind.Week,
        "month" => PeriodKind.Month,
        _ => PeriodKind.Day,
    };

    // An unknown sort is not worth an error page: show the default order.
    private static FeedSort ParseSort(string? text) =>
        Sorts.FirstOrDefault(s => string.Equals(s.Key, text, StringComparison.OrdinalIgnoreCase)) is { Key: not null }
            found ? found.Sort : FeedSort.Upvotes;
}
