using System.Threading.Channels;

namespace DailyPapers.Features.Papers;

/// <summary>
/// Ids of papers that were added, edited or deleted, from the importer (and any other writer) to the search
/// indexer. Publishing never blocks: the indexer and the embedding queue work behind it.
/// </summary>
public sealed class PaperChanges
{
    private readonly Channel<string> channel = Channel.CreateUnbounded<string>();

    /// <summary>Set while an indexer drains the channel. A CLI verb has none; the site catches up from the
    /// database.</summary>
    public bool IsListening { get; set; }

    public ChannelReader<string> Reader => channel.Reader;

    public void Publish(IEnumerable<string> paperIds)
    {
        if (!IsListening) return;
        foreach (var id in paperIds) channel.Writer.TryWrite(id);
    }
}
