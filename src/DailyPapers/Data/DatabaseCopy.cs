using System.Data.Common;
using System.Reflection;
using System.Text;
using DailyPapers.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DailyPapers.Data;

/// <summary>
/// Copies every table of the EF model from an SQLite database into a migrated PostgreSQL one, keeping ids. Tables and
/// columns come from the model, so a table added later is copied too; values go through each provider's own type
/// mappings (SQLite keeps times as text and booleans as integers) and are written with multi-row INSERTs in one
/// transaction: a failure leaves the target without a row.
/// </summary>
public static class DatabaseCopy
{
    /// <summary>PostgreSQL takes at most 65,535 parameters in one statement.</summary>
    private const int MaxParametersPerInsert = 30_000;
    private const int MaxRowsPerInsert = 1_000;

    private static readonly MethodInfo GetFieldValue =
        typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!;

    public sealed record TableRows(string Table, long Rows);

    private sealed record Column(string Name, RelationalTypeMapping Source, RelationalTypeMapping Target,
        bool IsNullable, MethodInfo Read);

    /// <summary>The app's tables in <paramref name="target"/> that hold rows.</summary>
    public static async Task<IReadOnlyList<string>> NonEmptyTablesAsync(AppDb target,
        CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(target, cancellationToken);
        var found = new List<string>();
        foreach (var table in target.Model.GetRelationalModel().Tables)
        {
            await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {Quote(table.Name)})", connection);
            if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!) found.Add(table.Name);
        }
        return found;
    }

    /// <summary>
    /// Copies one consistent snapshot of <paramref name="source"/>, resets the identity sequences past the copied
    /// ids and checks every table's row count before committing; a count that differs fails the copy.
    /// </summary>
    public static async Task<IReadOnlyList<TableRows>> CopyAsync(AppDb source, AppDb target,
        CancellationToken cancellationToken)
    {
        await using var from = new SqliteConnection(source.Database.GetConnectionString());
        await from.OpenAsync(cancellationToken);
        // One read transaction: every table as of the same moment, even while the site writes (WAL).
        await using var snapshot = from.BeginTransaction(deferred: true);
        var to = await OpenAsync(target, cancellationToken);
        await using var write = await to.BeginTransactionAsync(cancellationToken);
        var sourceModel = source.Model.GetRelationalModel();
        var tables = InForeignKeyOrder(target.Model.GetRelationalModel());
        foreach (var table in tables)
        {
            var sourceTable = sourceModel.FindTable(table.Name, table.Schema)
                ?? throw new InvalidOperationException($"{table.Name} is not in the SQLite model");
            await CopyTableAsync(snapshot, write, table, Columns(sourceTable, table), cancellationToken);
        }
        await ResetSequencesAsync(write, tables, cancellationToken);
        var counts = new List<TableRows>();
        var differ = new List<string>();
        foreach (var table in tables)
        {
            var copied = await CountAsync(snapshot.Connection!, snapshot, table.Name, cancellationToken);
            var found = await CountAsync(to, write, table.Name, cancellationToken);
            if (copied != found) differ.Add($"{table.Name}: {copied} in SQLite, {found} in PostgreSQL");
            counts.Add(new TableRows(table.Name, found));
        }
        if (differ.Count > 0)
            throw new CliException(
                $"row counts differ after the copy ({string.Join("; ", differ)}); nothing was copied");
        await write.CommitAsync(cancellationToken);
        return counts;
    }

    private static async Task<NpgsqlConnection> OpenAsync(AppDb target, CancellationToken cancellationToken)
    {
        await target.Database.OpenConnectionAsync(cancellationToken);
        return (NpgsqlConnection)target.Database.GetDbConnection();
    }

    /// <summary>Principal tables before the tables that refer to them (a self-reference is ordered by key).</summary>
    private static List<ITable> InForeignKeyOrder(IRelationalModel model)
    {
        var pending = model.Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var ordered = new List<ITable>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(t => t.ForeignKeyConstraints.All(fk =>
                fk.PrincipalTable == t || ordered.Contains(fk.PrincipalTable))).ToList();
            if (ready.Count == 0)
                throw new InvalidOperationException(
                    $"foreign keys form a cycle among {string.Join(", ", pending.Select(t => t.Name))}");
            ordered.AddRange(ready);
            pending.RemoveAll(ready.Contains);
        }
        return ordered;
    }

    private static List<Column> Columns(ITable source, ITable target) =>
    [
        .. target.Columns.Where(c => c.ComputedColumnSql is null).Select(c =>
        {
            var from = (source.FindColumn(c.Name)
                ?? throw new InvalidOperationException($"{source.Name}.{c.Name} is not in the SQLite model"))
                .PropertyMappings[0].TypeMapping;
            var stored = from.Converter?.ProviderClrType ?? from.ClrType;
            return new Column(c.Name, from, c.PropertyMappings[0].TypeMapping, c.IsNullable,
                GetFieldValue.MakeGenericMethod(Nullable.GetUnderlyingType(stored) ?? stored));
        }),
    ];

    private static async Task CopyTableAsync(SqliteTransaction snapshot, NpgsqlTransaction write, ITable table,
        List<Column> columns, CancellationToken cancellationToken)
    {
        await using var select = snapshot.Connection!.CreateCommand();
        select.Transaction = snapshot;
        var order = table.PrimaryKey is { } key ? $" ORDER BY {string.Join(", ", key.Columns.Select(c =>
            Quote(c.Name)))}" : "";
        select.CommandText = $"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} " +
            $"FROM {Quote(table.Name)}{order}";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var perInsert = Math.Clamp(MaxParametersPerInsert / columns.Count, 1, MaxRowsPerInsert);
        var batch = new List<object?[]>(perInsert);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++) row[i] = Value(reader, i, columns[i]);
            batch.Add(row);
            if (batch.Count < perInsert) continue;
            await InsertAsync(write, table, columns, batch, cancellationToken);
            batch.Clear();
        }
        if (batch.Count > 0) await InsertAsync(write, table, columns, batch, cancellationToken);
    }

    /// <summary>The stored SQLite value as the model holds it (through SQLite's converter); PostgreSQL's mapping
    /// converts it for its column when it makes the parameter.</summary>
    private static object? Value(SqliteDataReader reader, int ordinal, Column column)
    {
        if (reader.IsDBNull(ordinal)) return null;
        var stored = column.Read.Invoke(reader, [ordinal]);
        return column.Source.Converter is { } fromStore ? fromStore.ConvertFromProvider(stored) : stored;
    }

    private static async Task InsertAsync(NpgsqlTransaction write, ITable table, List<Column> columns,
        List<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand { Connection = write.Connection, Transaction = write };
        var values = new StringBuilder();
        foreach (var row in rows)
        {
            values.Append(values.Length == 0 ? "(" : ", (");
            for (var i = 0; i < columns.Count; i++)
            {
                var name = $"p{insert.Parameters.Count}";
                insert.Parameters.Add(columns[i].Target.CreateParameter(insert, name, row[i], columns[i].IsNullable));
                values.Append(i == 0 ? "@" : ", @").Append(name);
            }
            values.Append(')');
        }
        insert.CommandText = $"INSERT INTO {Quote(table.Name)} " +
            $"({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES {values}";
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every identity or serial column's sequence continues after the largest copied id, so the next row
    /// written on PostgreSQL gets a fresh one.</summary>
    private static async Task ResetSequencesAsync(NpgsqlTransaction write, List<ITable> tables,
        CancellationToken cancellationToken)
    {
        var names = tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var generated = new List<(string Table, string Column)>();
        await using (var find = new NpgsqlCommand("SELECT table_name, column_name FROM information_schema.columns " +
            "WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
            write.Connection, write))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                if (names.Contains(reader.GetString(0))) generated.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (table, column) in generated)
        {
            await using var reset = new NpgsqlCommand("SELECT setval(pg_get_serial_sequence(@table, @column), " +
                $"COALESCE(max({Quote(column)}), 0) + 1, false) FROM {Quote(table)}", write.Connection, write);
            reset.Parameters.AddWithValue("table", Quote(table));
            reset.Parameters.AddWithValue("column", column);
            await reset.ExecuteScalarAsync(cancellationToken);
        }
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string table,
        CancellationToken cancellationToken)
    {
        await using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = $"SELECT count(*) FROM {Quote(table)}";
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Quote(string identifier) =>
        $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
