using System.Collections.Concurrent;

namespace DailyPapers.Data;

/// <summary>
/// A query compiled once per kind of database. EF Core binds a compiled query to the model of the first context that
/// runs it, and one process can serve both models: <c>copy-db</c> reads SQLite and writes PostgreSQL, and the test
/// suite starts sites on each. Run on the other model, the SQLite-compiled query failed with a 500.
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : Delegate
{
    private readonly ConcurrentDictionary<Type, TQuery> byContextType = new();

    public TQuery For(AppDb db) => byContextType.GetOrAdd(db.GetType(), static (_, compile) => compile(), compile);
}
