namespace EngagementGrains.Storage.EventLog;

/// <summary>
/// What an append stored: each event's log sequence (null where the individual already had that eventId), and the
/// individual's event count once they were in, read in the append's own transaction where the store keeps a counter.
/// </summary>
public sealed record AppendedEvents(long?[] Sequences, long? Count);
