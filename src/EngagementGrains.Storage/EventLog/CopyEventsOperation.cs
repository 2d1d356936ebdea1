using EngagementGrains.Abstractions.Events;
using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.EventLog;

/// <summary>Copies a merged individual's events into the survivor's log, each under its origin.</summary>
internal sealed class CopyEventsOperation(string individualId, string fromIndividualId, IReadOnlyList<StoredEvent> events)
    : WriteOperation<long?[]>
{
    private readonly string[] _bodies = events.Select(e => EventBodyCodec.Encode(e.Event)).ToArray();

    private const string Sql = """
        INSERT INTO events (individual_id, event_id, occurred_at, type, body, origin)
        VALUES ($individual, $event, $occurred, $type, $body, $origin)
        ON CONFLICT (individual_id, event_id, origin) DO NOTHING
        RETURNING seq
        """;

    protected override long?[] Run(WriterSession session)
    {
        var command = session.Command(Sql, "$individual", "$event", "$occurred", "$type", "$body", "$origin");
        var parameters = command.Parameters;
        var sequences = new long?[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i].Event;
            parameters[0].Value = individualId;
            parameters[1].Value = e.EventId;
            parameters[2].Value = e.OccurredAt.ToUnixTimeMilliseconds();
            parameters[3].Value = e.Type;
            parameters[4].Value = _bodies[i];
            parameters[5].Value = events[i].Origin is { Length: > 0 } origin ? origin : fromIndividualId;
            sequences[i] = command.ExecuteScalar() as long?;
        }

        return sequences;
    }
}
