using System.Net;
using System.Xml;
using System.Xml.Linq;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Infrastructure;

namespace DailyPapers.Tests.Feed;

/// <summary>
/// A paper stored before importers refused control characters (written straight to the database, as old data is):
/// feeds and thumbnails still answer, as well-formed XML, without the characters XML cannot carry.
/// </summary>
public sealed class StoredTextTests : IAsyncLifetime
{
    private const string Id = "bell-paper";
    private readonly AppFactory app = new();

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        var featured = new DateOnly(2025, 8, 7);
        await app.WithDbAsync(async db =>
        {
            db.Papers.Add(new Paper
            {
                Id = Id,
                Title = "Bell\u0003 ringing \uFFFE and more",
                TitleKey = "bell ringing",
                Abstract = "An abstract with \u0001 and \u001B[31m escape codes.",
                Categories = "cs.CL\u0002",
                Authors = [new PaperAuthor { PaperId = Id, AuthorId = "a1", Name = "Ada\u0003 Lovelace" }],
                DailyEntries = [new DailyEntry { PaperId = Id, Date = featured, FeaturedAt = DateTime.UtcNow }],
                CreatedAt = DateTime.UtcNow,
                ModifiedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync() => ((IAsyncLifetime)app).DisposeAsync();

    private static XDocument ParseStrictly(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, CheckCharacters = true };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        return XDocument.Load(reader);
    }

    [Theory]
    [InlineData("/papers/feed.xml")]
    [InlineData("/papers/feed.xml?format=atom")]
    [InlineData("/papers/date/2025-08-07/feed.xml")]
    [InlineData("/papers/week/2025-W32/feed.xml?format=atom")]
    [InlineData("/papers/month/2025-08/feed.xml")]
    public async Task Feeds_answer_well_formed_xml_without_the_forbidden_characters(string url)
    {
        var response = await app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = await response.Content.ReadAsStringAsync();
        var text = ParseStrictly(xml).Root!.Value;
        Assert.Contains("Bell ringing  and more", text, StringComparison.Ordinal);
        Assert.Contains("Ada Lovelace", xml, StringComparison.Ordinal);
        Assert.Contains("An abstract with  and [31m escape codes.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_thumbnail_is_well_formed_svg()
    {
        var response = await app.CreateClient().GetAsync($"/papers/{Id}/thumbnail.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var svg = ParseStrictly(await response.Content.ReadAsStringAsync());
        Assert.Contains("Bell ringing", svg.Root!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_avatar_for_any_name_is_well_formed_svg()
    {
        var response = await app.CreateClient().GetAsync("/u/%03nobody/avatar.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ParseStrictly(await response.Content.ReadAsStringAsync());
    }
}
