using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ForYouBench;

/// <summary>A sparse row: feature indices ascending, with their values.</summary>
public readonly record struct SparseVector(int[] Indices, float[] Values)
{
    public float Dot(ReadOnlySpan<float> dense)
    {
        var sum = 0f;
        for (var i = 0; i < Indices.Length; i++) sum += Values[i] * dense[Indices[i]];
        return sum;
    }
}

/// <summary>
/// arxiv-sanity-lite's features (compute.py): scikit-learn's TfidfVectorizer with strip_accents='unicode',
/// lowercase, stop_words='english', token_pattern r'(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b', ngram_range (1, 2),
/// max_features 20000, min_df 5, max_df 0.1, sublinear_tf, smooth_idf and L2 norm, fitted on every paper.
/// </summary>
public static partial class TfIdf
{
    /// <summary>scikit-learn's ENGLISH_STOP_WORDS (the Glasgow IR group's list).</summary>
    private static readonly HashSet<string> StopWords = [.. """
        a about above across after afterwards again against all almost alone along already also although always am
        among amongst amount an and another any anyhow anyone anything anyway anywhere are around as at back be
        became because become becomes becoming been before beforehand behind being below beside besides between
        beyond bill both bottom but by call can cannot cant co con could couldn't cry de describe detail do done down
        due during each eg eight either eleven else elsewhere empty enough etc even ever every everyone everything
        everywhere except few fifteen fifty fill find fire first five for former formerly forty found four from front
        full further get give go had has hasn't have he hence her here hereafter hereby herein hereupon hers herself
        him himself his how however hundred i ie if in inc indeed interest into is it its itself keep last latter
        latterly least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must
        my myself name namely neither never nevertheless next nine no nobody none nor not nothing now nowhere of off
        often on once one only onto or other others otherwise our ours ourselves out over own part per perhaps please
        put rather re same see seem seemed seeming seems serious several she should show side since sincere six sixty
        so some somehow someone something sometime sometimes somewhere still such system take ten than that the their
        them themselves then thence there thereafter thereby therefore therein thereupon these they thick thin third
        this those though three through throughout thru thus to together too top toward towards twelve twenty two un
        under until up upon us very via was we well were what whatever when whence whenever where whereafter whereas
        whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will with
        within without would yet you your yours yourself yourselves
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)];

    public static SparseVector[] Fit(IReadOnlyList<string> documents, int maxFeatures = 20_000, int minDf = 5,
        double maxDf = 0.1)
    {
        var counts = documents.Select(Terms).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var doc in counts)
        {
            foreach (var (term, n) in doc)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
                total[term] = total.GetValueOrDefault(term) + n;
            }
        }
        var maxCount = maxDf * documents.Count;
        var vocabulary = df.Where(t => t.Value >= minDf && t.Value <= maxCount)
            .OrderByDescending(t => total[t.Key]).ThenBy(t => t.Key, StringComparer.Ordinal).Take(maxFeatures)
            .Select(t => t.Key).Order(StringComparer.Ordinal)
            .Select((term, index) => (term, index)).ToDictionary(x => x.term, x => x.index, StringComparer.Ordinal);
        var idf = new float[vocabulary.Count];
        foreach (var (term, index) in vocabulary)
            idf[index] = (float)(Math.Log((1.0 + documents.Count) / (1.0 + df[term])) + 1);

        return [.. counts.Select(doc =>
        {
            var entries = doc.Where(t => vocabulary.ContainsKey(t.Key))
                .Select(t => (Index: vocabulary[t.Key], Value: (float)(1 + Math.Log(t.Value)) * idf[vocabulary[t.Key]]))
                .OrderBy(e => e.Index).ToArray();
            var norm = MathF.Sqrt(entries.Sum(e => e.Value * e.Value));
            return new SparseVector([.. entries.Select(e => e.Index)],
                [.. entries.Select(e => norm > 0 ? e.Value / norm : 0)]);
        })];
    }

    public static int Width(SparseVector[] rows) => rows.Max(r => r.Indices.Length == 0 ? 0 : r.Indices[^1]) + 1;

    /// <summary>Unigrams and bigrams of the words left once stop words go (as scikit-learn forms them).</summary>
    private static Dictionary<string, int> Terms(string text)
    {
        var words = Words(text);
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            terms[words[i]] = terms.GetValueOrDefault(words[i]) + 1;
            if (i + 1 < words.Count)
            {
                var bigram = words[i] + " " + words[i + 1];
                terms[bigram] = terms.GetValueOrDefault(bigram) + 1;
            }
        }
        return terms;
    }

    /// <summary>The words of a text as the vectorizer sees them, stop words removed.</summary>
    public static List<string> Words(string text) => [.. Token().Matches(StripAccents(text).ToLowerInvariant())
        .Select(m => m.Value).Where(w => !StopWords.Contains(w))];

    private static string StripAccents(string text) => string.Concat(text.Normalize(NormalizationForm.FormD)
        .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark));

    [GeneratedRegex(@"\b[a-zA-Z_][a-zA-Z0-9_]+\b")]
    private static partial Regex Token();
}
