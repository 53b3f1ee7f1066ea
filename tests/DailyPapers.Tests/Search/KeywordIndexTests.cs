using DailyPapers.Features.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace DailyPapers.Tests.Search;

/// <summary>The keyword index on a real directory: what it keeps across restarts and what makes it rebuild.</summary>
public sealed class KeywordIndexTests : IDisposable
{
    private readonly string path = System.IO.Directory.CreateTempSubdirectory("keyword-index-").FullName;

    [Fact]
    public void The_watermark_survives_a_reopen()
    {
        var at = new DateTime(2025, 8, 7, 12, 0, 0, DateTimeKind.Utc);
        using (var index = new KeywordIndex(path))
        {
            index.Upsert([new SearchDocument("2401.00001", "Sparse routing", "We route sparsely.", ["Ana Silva"],
                "cs.LG", at, false, at)]);
            index.Commit(at);
        }
        using var reopened = new KeywordIndex(path);
        Assert.Equal(at, reopened.Watermark());
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void An_index_written_with_another_schema_has_no_watermark_so_every_paper_is_indexed_again()
    {
        // What an earlier release wrote: documents without the combined text field, commit data without a schema.
        using (var directory = FSDirectory.Open(path))
        using (var writer = new IndexWriter(directory,
            new IndexWriterConfig(KeywordIndex.Version, KeywordIndex.Analyzer)))
        {
            writer.AddDocument(new Document { new StringField(KeywordIndex.IdField, "2401.00001", Field.Store.NO) });
            writer.SetCommitData(new Dictionary<string,
                string> { ["watermark"] =
                DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            writer.Commit();
        }
        using var index = new KeywordIndex(path);
        Assert.Null(index.Watermark());
    }

    public void Dispose() => System.IO.Directory.Delete(path, recursive: true);
}
