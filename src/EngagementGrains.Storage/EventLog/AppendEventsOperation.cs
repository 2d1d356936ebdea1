using EngagementGrains.Abstractions.Events;
using EngagementGrains.Storage.Sqlite;
using EngagementGrains.Storage.Wakeups;

namespace EngagementGrains.Storage.EventLog;

/// <summary>Inserts one individual's events; an eventId the individual already has, from any origin, inserts nothing.</summary>
internal sealed class AppendEventsOperation(string individualId, IReadOnlyList<EngagementEvent> events, SetWakeupOperation? wakeup)
    : WriteOperation<long?[]>
{
    // Encoded on the caller's thread: the single writer thread should only insert.
    private readonly string[] _bodies = events.Select(EventBodyCodec.Encode).ToArray();

    private const string Sql = """
        INSERT INTO events (individual_id, event_id, occurred_at, type, body, origin)
        SELECT $individual, $event, $occurred, $type, $body, ''
        WHERE NOT EXISTS (SELECT 1 FROM events WHERE individual_id = $individual AND event_id = $event)
        RETURNING seq
        """;

    protected override long?[] Run(WriterSession session)
    {
        var command = session.Command(Sql, "$individual", "$event", "$occurred", "$type", "$body");
        var parameters = command.Parameters;
        var sequences = new long?[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            parameters[0].Value = individualId;
            parameters[1].Value = e.EventId;
            parameters[2].Value = e.OccurredAt.ToUnixTimeMilliseconds();
            parameters[3].Value = e.Type;
            parameters[4].Value = _bodies[i];
            sequences[i] = command.ExecuteScalar() as long?;
        }

        // In the same transaction: an acknowledged event is never without the wake-up its window needs.
        wakeup?.Execute(session);
        return sequences;
    }
}
