using System.Text;
using Dapper;
using Dashboard.Engine.Events;
using Dashboard.Engine.Persistence;

namespace Dashboard.Data;

/// <summary>
/// The append-only <c>events</c> table. Sequences come from SQLite (AUTOINCREMENT) and strictly increase in commit
/// order, even after pruning. Times are stored as Unix nanoseconds and come back as UTC.
/// </summary>
public sealed class EventRepository(SqliteDatabase database) : IEventStore
{
    private const string Insert = """
        INSERT INTO events (time_ns, type, action, actor_id, attributes_json)
        VALUES (@TimeNs, @Type, @Action, @ActorId, @AttributesJson)
        RETURNING seq
        """;

    private const string SelectEvents = """
        SELECT seq AS Seq, time_ns AS TimeNs, type AS Type, action AS Action, actor_id AS ActorId,
               attributes_json AS AttributesJson
        FROM events
        WHERE 1 = 1
        """;

    // Filters appended to SelectEvents for the query fields that are set, so each can use its index.
    private const string WhereSince = "\n  AND time_ns >= @SinceNs";
    private const string WhereUntil = "\n  AND time_ns <= @UntilNs";
    private const string WhereActor = "\n  AND actor_id = @ActorId";
    private const string WhereType = "\n  AND type = @Type";
    private const string WhereActions = "\n  AND action IN @Actions";
    private const string WhereAfterSequence = "\n  AND seq > @AfterSequence";
    private const string OrderAndLimit = "\nORDER BY seq\nLIMIT @Limit";

    private const string DeleteOlderThan = """
        DELETE FROM events WHERE time_ns < @CutoffNs
        """;

    public async Task<EngineEvent> AppendAsync(EngineEvent engineEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        var parameters = new EventParameters(
            UnixTime.ToNanoseconds(engineEvent.Time), engineEvent.Type, engineEvent.Action, engineEvent.ActorId,
            DataJson.SerializeAttributes(engineEvent.Attributes));
        var sequence = await database.WriteAsync(connection =>
            connection.ExecuteScalarAsync<long>(new CommandDefinition(Insert, parameters, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return engineEvent with { Sequence = sequence };
    }

    /// <summary>
    /// Events matching every set field of <paramref name="query"/>, oldest (lowest sequence) first, at most
    /// <see cref="EventQuery.Limit"/>. Since and Until are inclusive; an empty Actions list does not filter.
    /// </summary>
    public async Task<IReadOnlyList<EngineEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);

        var sql = new StringBuilder(SelectEvents);
        if (query.Since is not null) sql.Append(WhereSince);
        if (query.Until is not null) sql.Append(WhereUntil);
        if (query.ActorId is not null) sql.Append(WhereActor);
        if (query.Type is not null) sql.Append(WhereType);
        if (query.Actions is { Count: > 0 }) sql.Append(WhereActions);
        if (query.AfterSequence is not null) sql.Append(WhereAfterSequence);
        sql.Append(OrderAndLimit);

        var parameters = new QueryParameters(
            query.Since is { } since ? UnixTime.ToNanoseconds(since) : null,
            query.Until is { } until ? UnixTime.ToNanoseconds(until) : null,
            query.ActorId, query.Type, query.Actions ?? [], query.AfterSequence, query.Limit);
        var rows = await database.ReadAsync(connection =>
            connection.QueryAsync<EventRow>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken)))
            .ConfigureAwait(false);
        return rows.Select(ToEvent).ToList();
    }

    /// <summary>Deletes events older than <paramref name="olderThan"/>; returns how many. Sequences are never reused.</summary>
    public Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
            connection.ExecuteAsync(new CommandDefinition(
                DeleteOlderThan, new PruneParameters(UnixTime.ToNanoseconds(olderThan)), cancellationToken: cancellationToken)),
            cancellationToken);

    private static EngineEvent ToEvent(EventRow row) => new(
        row.Seq, UnixTime.FromNanoseconds(row.TimeNs), row.Type, row.Action, row.ActorId,
        DataJson.DeserializeAttributes(row.AttributesJson));

    private sealed class EventRow
    {
        public long Seq { get; init; }
        public long TimeNs { get; init; }
        public string Type { get; init; } = "";
        public string Action { get; init; } = "";
        public string ActorId { get; init; } = "";
        public string AttributesJson { get; init; } = "{}";
    }

    private sealed record EventParameters(long TimeNs, string Type, string Action, string ActorId, string AttributesJson);

    private sealed record QueryParameters(
        long? SinceNs, long? UntilNs, string? ActorId, string? Type, IReadOnlyList<string> Actions, long? AfterSequence, int Limit);

    private sealed record PruneParameters(long CutoffNs);
}
