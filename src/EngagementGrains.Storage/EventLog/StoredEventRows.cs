using System.Data.Common;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;

namespace EngagementGrains.Storage.EventLog;

/// <summary>Reads event rows (<c>seq, event_id, occurred_at, type, body</c>, and <c>origin</c> where selected) the same way from either store.</summary>
internal static class StoredEventRows
{
    public static async Task<List<StoredEvent>> ReadAllAsync(DbCommand command, int capacityHint, CancellationToken cancellationToken)
    {
        var result = new List<StoredEvent>(Math.Min(capacityHint, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var withOrigin = reader.FieldCount > 5;
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new StoredEvent(
                reader.GetInt64(0),
                EventBodyCodec.Decode(reader.GetString(1), reader.GetString(3), reader.GetInt64(2), reader.GetString(4)),
                withOrigin ? reader.GetString(5) : ""));
        }

        return result;
    }

    /// <summary>A timeline page from up to <paramref name="limit"/> + 1 rows: the extra row says there is a next page.</summary>
    public static TimelinePage ToPage(List<StoredEvent> rows, int limit)
    {
        if (rows.Count <= limit)
        {
            return new TimelinePage(rows, null);
        }

        var page = rows.Take(limit).ToArray();
        var last = page[^1];
        return new TimelinePage(page, new TimelinePosition(last.Event.OccurredAt.ToUnixTimeMilliseconds(), last.Sequence));
    }
}
