namespace DailyPapers.Infrastructure;

/// <summary>Messages built from other messages (an exception's, a parser's), which may end with a full stop.</summary>
public static class Sentences
{
    /// <summary>
    /// The message without its final full stop, to go on from: <c>$"{Clause(e.Message)}. Nothing was imported."</c>
    /// </summary>
    public static string Clause(string message) => message.TrimEnd().TrimEnd('.');
}
