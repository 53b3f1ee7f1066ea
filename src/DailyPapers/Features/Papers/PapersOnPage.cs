namespace DailyPapers.Features.Papers;

/// <summary>
/// The papers the page being rendered lists, noted by its page model, so what other features add to each card (the
/// vote button's state) is loaded for all of them in one query: not one query per card, nor everything there is.
/// </summary>
public sealed class PapersOnPage
{
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Ids => ids;

    public void Add(IEnumerable<string> paperIds) => ids.UnionWith(paperIds);
}

/// <summary>
/// Which papers of the page carry one of the reader's marks (a vote, a dismissal): read in one query for all the
/// papers the page noted, and for any other paper when it is asked about. A reader's whole history is never read.
/// </summary>
/// <param name="read">The marked ones among these ids.</param>
public sealed class PageMarks(PapersOnPage page, Func<List<string>, CancellationToken, Task<List<string>>> read)
{
    private readonly HashSet<string> known = new(StringComparer.Ordinal);
    private readonly HashSet<string> marked = new(StringComparer.Ordinal);

    public async Task<bool> HasAsync(string paperId, CancellationToken cancellationToken)
    {
        if (!known.Contains(paperId))
        {
            var ids = page.Ids.Where(id => !known.Contains(id)).Append(paperId)
                .Distinct(StringComparer.Ordinal).ToList();
            marked.UnionWith(await read(ids, cancellationToken));
            known.UnionWith(ids);
        }
        return marked.Contains(paperId);
    }
}
