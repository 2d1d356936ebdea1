namespace EngagementGrains.Grains.Wakeups;

/// <summary>How the wake-up shards poll their schedule (section <c>EngagementGrains:Wakeups</c>).</summary>
public sealed class WakeupOptions
{
    public const string SectionName = "EngagementGrains:Wakeups";

    /// <summary>The default time between two polls of a shard: the longest a due wake-up waits.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Time between two polls of a shard.</summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;
}
