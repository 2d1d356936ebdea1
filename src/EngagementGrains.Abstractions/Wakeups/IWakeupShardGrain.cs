namespace EngagementGrains.Abstractions.Wakeups;

/// <summary>Polls one shard of the wake-up schedule and wakes the individuals that are due (key: shard number).</summary>
public interface IWakeupShardGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the shard is polling.</summary>
    Task StartAsync();
}
