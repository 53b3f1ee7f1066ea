using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>
/// The rows each query of the app read, by its SQL, from <see cref="Start"/> on: for tests that a page reads only
/// what it shows. Tests of one app run one at a time (an xunit collection), so what is counted is theirs.
/// </summary>
public sealed class RowsRead : DbCommandInterceptor
{
    private readonly ConcurrentQueue<(string Sql, int Reads)> reads = new();
    private volatile bool recording;

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData,
        InterceptionResult result)
    {
        if (recording) reads.Enqueue((command.CommandText, eventData.ReadCount));
        return result;
    }

    public void Start()
    {
        reads.Clear();
        recording = true;
    }

    /// <summary>
    /// Reads since <see cref="Start"/> by queries on the table (its name after FROM or JOIN, quoted as SQLite's SQL
    /// has it or bare as PostgreSQL's): one per row, and for a query read to its end one more that finds the end.
    /// </summary>
    public int From(string table)
    {
        var onTable = new Regex($"\\b(FROM|JOIN) \"?{Regex.Escape(table)}\"?(\\s|$)");
        return reads.Where(r => onTable.IsMatch(r.Sql)).Sum(r => r.Reads);
    }
}
