using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace DailyPapers.Features.Search;

/// <summary>
/// The keyword part of a query: its words (terms or phrases) and excluded words. Against an index it
/// becomes two Lucene queries (<see cref="Compile"/>): papers with every word, tried first, and papers with any of
/// them, to fill up when too few have all. Requiring every word lets Lucene skip through the rarest word's postings
/// instead of scoring every paper that has a common one.
/// </summary>
public sealed class KeywordQuery
{
    /// <summary>
    /// A word in more than this share of the papers (and in more than <see cref="CommonWordMinPapers"/>) says little
    /// about a paper (BM25 gives it almost no weight) yet costs the most to match: it only adds to the score of papers
    /// the other words find, like Elasticsearch's common-terms cutoff. Small instances never reach the floor.
    /// </summary>
    private const double CommonWordShare = 0.05;
    private const int CommonWordMinPapers = 1_000;

    private readonly List<Query> words = [];
    private readonly List<Query> excluded = [];
    private bool anyWordWillDo;

    private KeywordQuery() { }

    /// <summary>Papers with any of the words, no statistics applied: what the highlighter marks.</summary>
    public Query AnyWords => Combine(required: [], optional: words);

    /// <summary>
    /// The queries for this index: <c>All</c> (null when it would find what <c>Any</c> finds: one word, an OR query,
    /// or one uncommon word) and <c>Any</c>.
    /// </summary>
    public (Query? All, Query Any) Compile(IndexReader reader)
    {
        var limit = Math.Max(CommonWordMinPapers, reader.NumDocs * CommonWordShare);
        var common = words.Where(w => w is TermQuery t && reader.DocFreq(t.Term) > limit).ToList();
        var rare = words.Except(common).ToList();
        if (rare.Count == 0) (rare, common) = (common, []); // only common words: they must do the finding
        var any = common.Count == 0 ? Combine([], rare)
            : Combine([rare.Count == 1 ? rare[0] : Combine([], rare, excludes: false)], common);
        return (anyWordWillDo || rare.Count == 1 ? null : Combine(rare, common), any);
    }

    private BooleanQuery Combine(IEnumerable<Query> required, IEnumerable<Query> optional, bool excludes = true)
    {
        var query = new BooleanQuery();
        foreach (var clause in required) query.Add(clause, Occur.MUST);
        foreach (var clause in optional) query.Add(clause, Occur.SHOULD);
        if (excludes) foreach (var clause in excluded) query.Add(clause, Occur.MUST_NOT);
        return query;
    }

    /// <summary>Collects the words of a query without a query parser (no syntax to break).</summary>
    public sealed class Builder
    {
        private readonly KeywordQuery query = new();

        /// <summary>A word or phrase, in <paramref name="field"/> or (null) in the id, title, authors and
        /// abstract.</summary>
        public void Add(string? field, string text, bool negated)
        {
            // A stop word ("the", "of") analyses to nothing and is left out.
            if (Analyze(field ?? KeywordIndex.WordsField, text) is not { } clause) return;
            if (negated)
            {
                query.excluded.Add(clause);
                return;
            }
            query.words.Add(clause);
        }

        /// <summary>"a OR b": the query asks for any of its words.</summary>
        public void AnyWordWillDo() => query.anyWordWillDo = true;

        public KeywordQuery? Build() => query.words.Count == 0 ? null : query;

        /// <summary>The text through the field's analyser: one term, a phrase of several, or null when nothing is
        /// left.</summary>
        private static Query? Analyze(string field, string text)
        {
            var terms = new List<(string Term, int Position)>();
            using (var stream = KeywordIndex.Analyzer.GetTokenStream(field, text))
            {
                var term = stream.AddAttribute<ICharTermAttribute>();
                var increment = stream.AddAttribute<IPositionIncrementAttribute>();
                stream.Reset();
                var position = -1;
                while (stream.IncrementToken())
                {
                    position += increment.PositionIncrement;
                    terms.Add((term.ToString(), position));
                }
                stream.End();
            }
            if (terms.Count == 0) return null;
            if (terms.Count == 1) return new TermQuery(new Term(field, terms[0].Term));
            var phrase = new PhraseQuery();
            foreach (var (t, position) in terms) phrase.Add(new Term(field, t), position);
            return phrase;
        }
    }
}
