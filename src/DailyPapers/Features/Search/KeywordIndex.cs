using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace DailyPapers.Features.Search;

/// <summary>
/// The BM25 keyword index (Lucene.Net) in the data directory. One writer per index directory: the process that gets
/// Lucene's write lock keeps it current; another process (a CLI verb while the site runs) reads what it committed.
/// Readers are near-real-time and safe to use concurrently with writes.
/// </summary>
public sealed class KeywordIndex : IDisposable
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;
    public const string IdField = "id", TitleField = "title", AbstractField = "abstract", AuthorsField = "authors",
        CategoryField = "category", DayField = "day", HasField = "has";

    /// <summary>Id, title, authors and abstract in one field, where plain words look: one posting list per word to
    /// walk instead of one per field per word, about half the cost of a query at a million papers.</summary>
    public const string WordsField = "text";
    private const string IdValuesField = "id_dv";
    private const string WatermarkKey = "watermark", SchemaKey = "schema";

    /// <summary>Changes when documents gain or change fields: an index with another schema is rebuilt from the
    /// database.</summary>
    private const string Schema = "3";

    private readonly LuceneDirectory directory;
    private readonly FileStream? ownership;
    private readonly IndexWriter? writer;
    private readonly SearcherManager searchers;

    public KeywordIndex(string path)
    {
        System.IO.Directory.CreateDirectory(path);
        directory = FSDirectory.Open(path);
        try
        {
            // Lucene.NET's own write lock did not keep a second process out on Linux (a CLI reindex while the site
            // ran got it too); an exclusively opened file does (.NET takes an flock for FileShare.None).
            ownership = new FileStream(Path.Combine(path, "owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite,
                FileShare.None);
            writer = new IndexWriter(directory, new IndexWriterConfig(Version, Analyzer)
            {
                Similarity = new BM25Similarity(),
                OpenMode = OpenMode.CREATE_OR_APPEND,
                RAMBufferSizeMB = 64,
            });
            if (!DirectoryReader.IndexExists(directory)) writer.Commit(); // readers need a first commit
            searchers = new SearcherManager(writer, applyAllDeletes: true, new Bm25Searchers());
        }
        catch (Exception e) when (e is LockObtainFailedException or IOException)
        {
            ownership?.Dispose();
            ownership = null;
            writer = null;
            searchers = DirectoryReader.IndexExists(directory) ? new SearcherManager(directory, new Bm25Searchers())
                : null!;
        }
    }

    /// <summary>Title and abstract: English with stemming; authors: words, no stemming, no stop words; ids
    /// whole.</summary>
    public static Analyzer Analyzer { get; } =
        new PerFieldAnalyzerWrapper(new EnglishAnalyzer(Version), new Dictionary<string, Analyzer>
    {
        [AuthorsField] = new StandardAnalyzer(Version, CharArraySet.Empty),
        [IdField] = new KeywordAnalyzer(),
        [CategoryField] = new KeywordAnalyzer(),
    });

    /// <summary>False when another process holds the write lock: this one only reads.</summary>
    public bool IsWritable => writer is not null;

    /// <summary>False when the index does not exist and cannot be created here.</summary>
    public bool IsOpen => searchers is not null;

    public void Upsert(IEnumerable<SearchDocument> papers)
    {
        if (writer is null) return;
        foreach (var paper in papers) writer.UpdateDocument(new Term(IdField, paper.Id), ToDocument(paper));
    }

    public void Delete(IEnumerable<string> ids)
    {
        if (writer is null) return;
        writer.DeleteDocuments([.. ids.Select(id => new Term(IdField, id))]);
    }

    public void DeleteAll() => writer?.DeleteAll();

    /// <summary>Makes changes durable, with the newest paper modification the index has seen, and visible to
    /// searches.</summary>
    public void Commit(DateTime watermark)
    {
        if (writer is null) return;
        writer.SetCommitData(new Dictionary<string, string>
        {
            [WatermarkKey] = watermark.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SchemaKey] = Schema,
        });
        writer.Commit();
        searchers.MaybeRefreshBlocking();
    }

    /// <summary>Makes uncommitted changes visible to searches without the cost of a commit (whose fsyncs took
    /// seconds on a busy disk), or, in a process that only reads, what the writer committed.</summary>
    public void Refresh() => searchers?.MaybeRefreshBlocking();

    /// <summary>The newest paper modification time committed to the index, or null for an empty or new index, or one
    /// built with another schema (so every paper is indexed again).</summary>
    public DateTime? Watermark()
    {
        if (!DirectoryReader.IndexExists(directory)) return null;
        var commits = DirectoryReader.ListCommits(directory);
        if (commits.Count == 0) return null;
        var data = commits[^1].UserData;
        return data.TryGetValue(SchemaKey, out var schema) && schema == Schema
            && data.TryGetValue(WatermarkKey, out var ticks) && long.TryParse(ticks, out var value)
            ? new DateTime(value, DateTimeKind.Utc) : null;
    }

    public int Count => searchers is null ? 0 : Use(s => s.IndexReader.NumDocs);

    public T Use<T>(Func<IndexSearcher, T> read)
    {
        var searcher = searchers.Acquire();
        try { return read(searcher); }
        finally { searchers.Release(searcher); }
    }

    /// <summary>
    /// Best matches first: (paper id, BM25 score). Papers with every word come first; only when fewer than
    /// <paramref name="enough"/> have them all do papers with some of the words fill the list. A null query with a
    /// filter lists the filtered papers, newest first; with neither (a query of stop words only) nothing is found.
    /// </summary>
    public IReadOnlyList<(string Id, float Score)> Search(KeywordQuery? query, Filter? filter, int count, int enough)
    {
        if (searchers is null || count <= 0 || (query is null && filter is null)) return [];
        return Use(searcher =>
        {
            if (query is null) return Hits(searcher, null, filter, count);
            var (all, any) = query.Compile(searcher.IndexReader);
            if (all is null) return Hits(searcher, any, filter, count);
            var hits = Hits(searcher, all, filter, count);
            if (hits.Count >= Math.Min(enough, count)) return hits;
            var seen = hits.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
            return [.. hits, .. Hits(searcher, any, filter,
                count).Where(h => !seen.Contains(h.Id)).Take(count - hits.Count)];
        });
    }

    private static List<(string Id, float Score)> Hits(IndexSearcher searcher, Query? query, Filter? filter, int count)
    {
        var top = query is null
            ? searcher.Search(new MatchAllDocsQuery(), filter, count,
                new Sort(new SortField(DayField, SortFieldType.INT32, reverse: true)))
            : searcher.Search(query, filter, count);
        var ids = new HitIds(searcher);
        return [.. top.ScoreDocs.Select(hit => (ids.Of(hit.Doc), float.IsNaN(hit.Score) ? 0 : hit.Score))];
    }

    /// <summary>All paper ids in the index (for finding papers deleted from the database).</summary>
    public HashSet<string> AllIds() => searchers is null ? [] : Use(searcher =>
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var values = leaf.AtomicReader.GetSortedDocValues(IdValuesField);
            var live = leaf.AtomicReader.LiveDocs;
            if (values is null) continue;
            var bytes = new BytesRef();
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc)) continue;
                values.Get(doc, bytes);
                ids.Add(bytes.Utf8ToString());
            }
        }
        return ids;
    });

    /// <summary>
    /// Maps hits to paper ids through the id doc values, fetched once per segment: each fetch goes through the
    /// segment's thread-local cache, whose per-thread entries are finalizable, so one per hit made real GC work.
    /// </summary>
    private sealed class HitIds(IndexSearcher searcher)
    {
        private readonly IList<AtomicReaderContext> leaves = searcher.IndexReader.Leaves;
        private readonly SortedDocValues?[] values = new SortedDocValues?[searcher.IndexReader.Leaves.Count];
        private readonly BytesRef bytes = new();

        public string Of(int doc)
        {
            var index = ReaderUtil.SubIndex(doc, leaves);
            var leaf = leaves[index];
            (values[index] ??= leaf.AtomicReader.GetSortedDocValues(IdValuesField)).Get(doc - leaf.DocBase, bytes);
            return bytes.Utf8ToString();
        }
    }

    private static Document ToDocument(SearchDocument paper)
    {
        var facets = paper.Facets;
        var document = new Document
        {
            new StringField(IdField, paper.Id, Field.Store.NO),
            // Hits are mapped to ids through doc values: reading stored fields would decompress a block per hit.
            new SortedDocValuesField(IdValuesField, new BytesRef(paper.Id)),
            new TextField(TitleField, paper.Title, Field.Store.NO),
            new TextField(AbstractField, paper.Abstract, Field.Store.NO),
            // The title twice: a word in it counts for more than one in the abstract, at no cost to queries.
            new TextField(WordsField,
                $"{paper.Id} {paper.Title}. {paper.Title}. {string.Join(", ", paper.Authors)}. {paper.Abstract}",
                Field.Store.NO),
            new TextField(AuthorsField, string.Join(", ", paper.Authors), Field.Store.NO),
            new Int32Field(DayField, facets.Day, Field.Store.NO),
            new NumericDocValuesField(DayField, facets.Day),
        };
        foreach (var category in facets.Categories)
            document.Add(new StringField(CategoryField, category.ToLowerInvariant(), Field.Store.NO));
        if (paper.HasCode) document.Add(new StringField(HasField, "code", Field.Store.NO));
        return document;
    }

    public void Dispose()
    {
        searchers?.Dispose();
        writer?.Dispose();
        directory.Dispose();
        ownership?.Dispose();
    }

    private sealed class Bm25Searchers : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader)
        {
            // A large index searches its segments in parallel: at a million papers that halves the latency of one
            // query.
            var searcher = reader.NumDocs >= 200_000
                && reader.Leaves.Count > 1 ? new IndexSearcher(reader, TaskScheduler.Default)
                : new IndexSearcher(reader);
            searcher.Similarity = new BM25Similarity();
            return searcher;
        }
    }
}
