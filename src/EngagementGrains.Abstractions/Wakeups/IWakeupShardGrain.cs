using Orleans.Concurrency;

namespace EngagementGrains.Abstractions.Wakeups;

/// <summary>Wakes the individuals of one shard of the wake-up schedule when they are due (key: shard number).</summary>
public interface IWakeupShardGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the shard is polling.</summary>
    Task StartAsync();

    /// <summary>
    /// Tells the shard that a row was just written due at <paramref name="dueAt"/>, sooner than its next regular
    /// poll, so it takes a pass at that instant.
    /// </summary>
    [OneWay]
    Task ExpectAsync(DateTimeOffset dueAt);
}
