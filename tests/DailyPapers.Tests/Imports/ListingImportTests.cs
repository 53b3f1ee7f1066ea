using DailyPapers.Features.Imports;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Imports;

public sealed class ListingImportTests : IAsyncLifetime
{
    private readonly AppFactory app = new();
    private static readonly DateOnly DemoDate = new(2025, 8, 7);

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)app).DisposeAsync();

    [Fact]
    public async Task Demo_listing_imports_133_papers_featured_on_its_day_with_code_links()
    {
        var summary = await app.ImportAsync(ImportFormats.Listing, Listings.Demo(), DemoDate);

        Assert.Equal(new ImportSummary(133, 0, 0), summary);
        var (papers, entries, withCode) = await app.WithDbAsync(async db => (
            await db.Papers.CountAsync(),
            await db.DailyEntries.CountAsync(e => e.Date == DemoDate),
            await db.Papers.CountAsync(p => p.GithubRepo != null)));
        Assert.Equal(133, papers);
        Assert.Equal(133, entries);
        Assert.Equal(24, withCode); // every paper whose abstract links a GitHub repository

        var flow = await app.WithDbAsync(db => db.Papers.SingleAsync(p => p.Title.StartsWith("Flow of Reasoning")));
        Assert.Equal("flow-of-reasoning-efficient-training-of-llm-policy-with-divergent-thinking", flow.Id);
        Assert.Equal("https://github.com/Yu-Fangxu/FoR", flow.GithubRepo);
        var realhf = await app.WithDbAsync(db => db.Papers.SingleAsync(p => p.Title.StartsWith("ReaLHF")));
        Assert.Equal("https://github.com/openpsi-project/ReaLHF", realhf.GithubRepo);
        var icl = await app.WithDbAsync(db =>
            db.Papers.SingleAsync(p => p.Abstract.Contains("transformers_learn_icl_by_gd")));
        Assert.Equal("https://github.com/google-research/self-organising-systems", icl.GithubRepo);
    }

    [Fact]
    public async Task Reimporting_the_same_listing_changes_nothing()
    {
        await app.ImportAsync(ImportFormats.Listing, Listings.Demo(), DemoDate);
        var before = await app.WithDbAsync(db =>
            db.Papers.OrderBy(p => p.Id).Select(p => new { p.Id, p.ModifiedAt }).ToListAsync());

        var summary = await app.ImportAsync(ImportFormats.Listing, Listings.Demo(), DemoDate);

        Assert.Equal(new ImportSummary(0, 0, 133), summary);
        var after = await app.WithDbAsync(db =>
            db.Papers.OrderBy(p => p.Id).Select(p => new { p.Id, p.ModifiedAt }).ToListAsync());
        Assert.Equal(before, after);
        Assert.Equal(133, await app.WithDbAsync(db => db.DailyEntries.CountAsync()));
    }

    [Fact]
    public async Task The_same_papers_on_another_day_are_featured_again_not_duplicated()
    {
        await app.ImportAsync(ImportFormats.Listing, Listings.Demo(), DemoDate);
        var nextDay = System.Text.Encoding.UTF8.GetString(Listings.Demo()).Replace("Aug 7", "Aug 8",
            StringComparison.Ordinal);
        var summary = await app.ImportAsync(ImportFormats.Listing, Listings.Text(nextDay), new DateOnly(2025, 8, 8));

        Assert.Equal(new ImportSummary(0, 133, 0), summary);
        Assert.Equal(133, await app.WithDbAsync(db => db.Papers.CountAsync()));
        Assert.Equal(266, await app.WithDbAsync(db => db.DailyEntries.CountAsync()));
    }

    [Fact]
    public async Task A_changed_abstract_updates_the_paper_in_place()
    {
        await app.ImportAsync(ImportFormats.Listing, Listings.Of("Aug 7", ("A Paper", "First abstract.")), DemoDate);
        var summary = await app.ImportAsync(ImportFormats.Listing,
            Listings.Of("Aug 7", ("A Paper", "Revised abstract, code at https://gitlab.com/team/proj.git.")), DemoDate);

        Assert.Equal(new ImportSummary(0, 1, 0), summary);
        var paper = await app.WithDbAsync(db => db.Papers.SingleAsync());
        Assert.Equal("a-paper", paper.Id);
        Assert.StartsWith("Revised", paper.Abstract, StringComparison.Ordinal);
        Assert.Equal("https://gitlab.com/team/proj", paper.GithubRepo);
    }

    public static TheoryData<string, string> MalformedListings => new()
    {
        { "Aug 7\n\nA title with no abstract\n", "line 3: title \"A title with no abstract\" has no abstract" },
        { "Aug 7\n\nTitle one\n\nAbstract one.\n\nTitle two\n\nAug 8\n\nTitle three\n\nAbstract three.\n",
            "line 7: title \"Title two\" has no abstract" },
        { "Aug 32\n\nTitle\n\nAbstract.\n", "line 1: unknown date line 'Aug 32'" },
        { "Title before any date\n\nAbstract.\n",
            "line 1: paper \"Title before any date\" comes before any date line" },
        { "Aug 7\n\nTitle\n\nAbstract with a NUL \0 byte.\n", "line 5: contains the control character U+0000" },
        { "Aug 7\n\nSame title\n\nOne.\n\nSame  Title\n\nTwo.\n", "line 7: \"Same  Title\" already appears on line 3" },
        { "Aug 7\n\n" + new string('x', 600) + "\n\nAbstract.\n",
            "line 3: expected a paper title but found a paragraph of 600 characters" },
        { "Aug 7\n\nTitle\n\n" + new string('y', 20_001) + "\n",
            "line 5: abstract of \"Title\" is 20001 characters; the limit is 20000" },
        { "new\n\nSubscribe\n\n", "the file contains no papers" },
    };

    [Theory]
    [MemberData(nameof(MalformedListings))]
    public async Task A_malformed_listing_is_rejected_naming_the_line_and_nothing_is_imported(string listing,
        string expected)
    {
        var error = Assert.Throws<ImportFormatException>(() =>
            ImportFormats.Parse(ImportFormats.Listing, Listings.Text(listing), null, DemoDate));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Papers.CountAsync()));
    }

    [Fact]
    public void Invalid_utf8_is_rejected_naming_the_line()
    {
        byte[] bytes = [.. Listings.Text("Aug 7\n\nTitle\n\n"), 0xC3, 0x28, (byte)'\n'];
        var error = Assert.Throws<ImportFormatException>(() => ListingParser.Parse(bytes, null, DemoDate));
        Assert.Equal("line 5: not UTF-8 text (binary data?)", error.Message);
    }

    [Fact]
    public void A_date_line_that_disagrees_with_the_date_option_is_rejected()
    {
        var error = Assert.Throws<ImportFormatException>(() =>
            ListingParser.Parse(Listings.Of("Aug 8", ("T", "A.")), DemoDate, DemoDate));
        Assert.Contains("date line 'Aug 8' does not match --date 2025-08-07", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Date_lines_without_a_year_take_the_most_recent_past_one()
    {
        var records = ListingParser.Parse(Listings.Of("Dec 30", ("T", "A.")), null, new DateOnly(2026, 1, 2));
        Assert.Equal(new DateOnly(2025, 12, 30), records.Single().Featured!.Date);
    }

    [Fact]
    public async Task A_failure_midway_through_a_file_rolls_back_the_whole_file()
    {
        // 1,200 records are saved in chunks of 500; stopping at record 700 leaves one chunk written inside the
        // transaction, which must not survive.
        var records = Enumerable.Range(0, 1200).Select(i => new PaperRecord
        {
            Title = $"Paper number {i}", Abstract = "An abstract.", Origin = $"line {i}",
            Featured = new FeaturedOn(DemoDate, DemoDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), null),
        }).ToList();
        using var stop = new CancellationTokenSource();
        var progress = new StopAt(700, stop);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.WithDbAsync(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<PaperImporter>().ImportAsync(records, progress,
                stop.Token);
        }));

        Assert.Equal(0, await app.WithDbAsync(db => db.Papers.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.DailyEntries.CountAsync()));
    }

    private sealed class StopAt(int count, CancellationTokenSource stop) : IProgress<int>
    {
        public void Report(int value)
        {
            if (value == count) stop.Cancel();
        }
    }
}
