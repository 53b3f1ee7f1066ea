using System.Data.Common;
using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DailyPapers.Features.Digests;

/// <summary>
/// The UPDATE that marks one outbox row sent, prepared once per connection that marks and run after every accepted
/// message. EF's ExecuteUpdate builds and translates its query on each call, a cost paid once per digest. Table, column
/// names and value conversions come from the EF model, so the row reads back as if EF had written it.
/// </summary>
internal sealed class OutboxSentMark : IAsyncDisposable
{
    /// <summary>
    /// SQLite lets one connection write at a time and a writer that finds the database busy sleeps before it tries
    /// again (at least a millisecond, forty marks' worth): the sender's connections of this process take turns here
    /// instead. A turn lasts tens of microseconds, so a waiter blocks (spinning first) rather than awaiting: an
    /// asynchronous wait made every contended mark hop threads, and thread switches were the sender's largest cost.
    /// </summary>
    private static readonly Lock SqliteWriter = new();

    private readonly AppDb db;
    private readonly Lock? writer;
    private readonly DbCommand command;
    private readonly Parameter id, claimToken, sentAt;

    private OutboxSentMark(AppDb db, DbCommand command, Parameter id, Parameter claimToken, Parameter sentAt)
    {
        this.db = db;
        writer = db.Database.IsSqlite() ? SqliteWriter : null;
        this.command = command;
        this.id = id;
        this.claimToken = claimToken;
        this.sentAt = sentAt;
    }

    /// <summary>Opens the context's connection, kept open (and the statement prepared on it) until disposed.</summary>
    public static async Task<OutboxSentMark> PrepareAsync(AppDb db, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(DigestOutboxMessage))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        try
        {
            Parameter Add(string property, object? value = null)
            {
                var parameter = new Parameter(command, entity.FindProperty(property)!, table, sql,
                    $"p{command.Parameters.Count}");
                parameter.Set(value);
                return parameter;
            }
            var state = Add(nameof(DigestOutboxMessage.State), OutboxState.Sent);
            var sentAt = Add(nameof(DigestOutboxMessage.SentAt));
            var leaseUntil = Add(nameof(DigestOutboxMessage.LeaseUntil));
            var lastError = Add(nameof(DigestOutboxMessage.LastError));
            var id = Add(nameof(DigestOutboxMessage.Id));
            var claimToken = Add(nameof(DigestOutboxMessage.ClaimToken));
            command.CommandText =
                $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {state.ColumnEquals}, " +
                    $"{sentAt.ColumnEquals}, {leaseUntil.ColumnEquals}, {lastError.ColumnEquals} WHERE " +
                        $"{id.ColumnEquals} AND {claimToken.ColumnEquals}";
            await command.PrepareAsync(cancellationToken);
            return new OutboxSentMark(db, command, id, claimToken, sentAt);
        }
        catch
        {
            await command.DisposeAsync();
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    /// <summary>False when the claim had lapsed: another sender took the row over.</summary>
    public async Task<bool> MarkAsync(long rowId, string token, DateTime now)
    {
        // Not cancellable: the message is out, so its row must say so even when the run is being stopped.
        if (writer is null) return await Bind(rowId, token, now).ExecuteNonQueryAsync(CancellationToken.None) > 0;
        // On SQLite one mark is shared by all the sender's connections, so the parameters are set under the lock too.
        // Microsoft.Data.Sqlite runs every statement synchronously, so nothing is lost by not awaiting.
        lock (writer) return Bind(rowId, token, now).ExecuteNonQuery() > 0;
    }

    private DbCommand Bind(long rowId, string token, DateTime now)
    {
        id.Set(rowId);
        claimToken.Set(token);
        sentAt.Set(now);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await command.DisposeAsync();
        await db.Database.CloseConnectionAsync();
    }

    /// <summary>One column's parameter, typed and converted as EF would.</summary>
    private sealed class Parameter
    {
        private readonly DbParameter parameter;
        private readonly RelationalTypeMapping mapping;

        public Parameter(DbCommand command, IProperty property, StoreObjectIdentifier table, ISqlGenerationHelper sql,
            string name)
        {
            mapping = property.GetRelationalTypeMapping();
            parameter = mapping.CreateParameter(command, name, null, property.IsNullable);
            command.Parameters.Add(parameter);
            ColumnEquals =
                $"{sql.DelimitIdentifier(property.GetColumnName(table)!)} = {sql.GenerateParameterName(name)}";
        }

        /// <summary><c>"Column" = @pN</c>, for a SET or a WHERE.</summary>
        public string ColumnEquals { get; }

        public void Set(object? value) =>
            parameter.Value = (value is null
                || mapping.Converter is null ? value : mapping.Converter.ConvertToProvider(value)) ?? DBNull.Value;
    }
}
