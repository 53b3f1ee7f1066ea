using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DailyPapers.Data;

/// <summary>
/// Inserts new rows of an entity type with one prepared INSERT reused for every row, inside the context's current
/// transaction, with the columns, names and value conversions of the EF model. SaveChanges prepares a statement per
/// row, which dominates a large import (a 100,000-paper dump is 600,000 rows with authors).
/// </summary>
public static class BulkInsert
{
    public static async Task InsertAsync<T>(AppDb db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where
        T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.GetColumnName(table) is not null)
            .Select(p => (Property: p, Mapping: p.GetRelationalTypeMapping())).ToList();

        await using var command = CreateCommand(db, table, columns);
        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var value = columns[i].Property.GetGetter().GetClrValue(row);
                var converter = columns[i].Mapping.Converter;
                command.Parameters[i].Value =
                    (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbCommand CreateCommand(AppDb db, StoreObjectIdentifier table,
        List<(IProperty Property, RelationalTypeMapping Mapping)> columns)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the import's transaction");
        var names = new List<string>(columns.Count);
        foreach (var (property, mapping) in columns)
        {
            var name = $"p{names.Count}";
            command.Parameters.Add(mapping.CreateParameter(command, name, null, property.IsNullable));
            names.Add(sql.GenerateParameterName(name));
        }
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
            $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) " +
                $"VALUES ({string.Join(", ", names)})";
        return command;
    }
}
