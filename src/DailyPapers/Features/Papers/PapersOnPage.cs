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
