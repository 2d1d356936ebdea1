namespace EngagementGrains.Grains.Wakeups;

/// <summary>How the wake-up shards poll their schedule and time their passes (section <c>EngagementGrains:Wakeups</c>).</summary>
public sealed class WakeupOptions
{
    public const string SectionName = "EngagementGrains:Wakeups";

    /// <summary>The default time between two polls of a shard: the longest a due wake-up waits.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Time between two regular polls of a shard: the longest a row written after a shard's last look waits.</summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>
    /// The shortest time between two passes timed to a row's due instant, so a shard whose rows fall due one
    /// after another batches them instead of querying for each.
    /// </summary>
    public TimeSpan MinimumGap { get; set; } = TimeSpan.FromMilliseconds(20);
}
