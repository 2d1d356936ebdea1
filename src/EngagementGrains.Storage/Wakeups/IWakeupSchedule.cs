namespace EngagementGrains.Storage.Wakeups;

/// <summary>
/// The durable, sharded schedule of instants at which an individual's values change with no new event
/// (a window sliding past an event). One row per individual, indexed by due time; a few scheduler grains
/// poll it, so no Orleans reminder is kept per profile.
/// </summary>
public interface IWakeupSchedule
{
    /// <summary>How many shards the schedule is split into.</summary>
    int ShardCount { get; }

    /// <summary>Sets (or with null, clears) when the individual must next be woken.</summary>
    Task SetAsync(string individualId, DateTimeOffset? dueAt);

    /// <summary>The individuals of a shard due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<string>> DueAsync(int shard, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>The earliest instant after <paramref name="after"/> at which an individual of the shard is due, or null.</summary>
    Task<DateTimeOffset?> NextDueAfterAsync(int shard, DateTimeOffset after, CancellationToken cancellationToken = default);

    /// <summary>The shard an individual's row lives in.</summary>
    int ShardOf(string individualId);
}
