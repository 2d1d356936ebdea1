using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;

namespace EngagementGrains.Storage.EventLog;

/// <summary>The durable event log: the source of truth every individual is rebuilt from.</summary>
public interface IEventLog
{
    /// <summary>
    /// True when processes other than this one append to the log (silos sharing PostgreSQL), so two copies of
    /// one individual can write at once while the cluster's membership changes; false for the embedded store,
    /// which one process owns.
    /// </summary>
    bool IsShared { get; }

    /// <summary>
    /// Appends the events of one individual durably; returns each event's log sequence, or null where
    /// the individual already had that eventId. Completes only once the rows are committed. A
    /// <paramref name="wakeAt"/> is written to the wake-up schedule in the same transaction.
    /// </summary>
    Task<long?[]> AppendAsync(string individualId, IReadOnlyList<EngagementEvent> events, DateTimeOffset? wakeAt = null);

    /// <summary>
    /// As <see cref="AppendAsync"/>, with the individual's event count once the rows are in where the store keeps a
    /// counter (<see cref="CountAsync"/>) and reads it in the append's statement, so checking it costs no further call.
    /// </summary>
    Task<AppendedEvents> AppendCountedAsync(string individualId, IReadOnlyList<EngagementEvent> events, DateTimeOffset? wakeAt = null);

    /// <summary>
    /// Copies another individual's events into this individual's log (a merge). Each keeps its origin (the
    /// individual it was acknowledged for), so an eventId both had is kept twice, once per origin, and a
    /// repeated copy inserts nothing. Returns the sequences of the rows inserted, null where already there.
    /// </summary>
    Task<long?[]> CopyAsync(string individualId, string fromIndividualId, IReadOnlyList<StoredEvent> events);

    /// <summary>The individual's events with a sequence above <paramref name="afterSequence"/>, in log order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(string individualId, long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>Stored individuals in id order after <paramref name="afterId"/> (for backfills over every individual).</summary>
    Task<IReadOnlyList<string>> ListIndividualsAsync(string afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many of the individual's events have a sequence at or below <paramref name="sequence"/>.</summary>
    Task<long> CountUpToAsync(string individualId, long sequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many events the individual has, from a counter the store keeps in the same transactions as the rows
    /// (one index lookup, however many there are); null where the store keeps none.
    /// </summary>
    Task<long?> CountAsync(string individualId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every event of the individual and its wake-up row; returns how many events went.</summary>
    Task<int> DeleteIndividualAsync(string individualId);

    /// <summary>Deletes the individual's events with these sequences (a split moved them to another individual); returns how many went.</summary>
    Task<int> DeleteEventsAsync(string individualId, IReadOnlyList<long> sequences);

    /// <summary>How many events the log holds.</summary>
    Task<long> CountEventsAsync(CancellationToken cancellationToken = default);

    /// <summary>How many individuals have events in the log.</summary>
    Task<long> CountIndividualsAsync(CancellationToken cancellationToken = default);

    /// <summary>One page of the individual's events, newest occurredAt first.</summary>
    Task<TimelinePage> ReadTimelineAsync(string individualId, TimelineQuery query, CancellationToken cancellationToken = default);
}
