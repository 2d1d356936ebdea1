namespace EngagementGrains.Grains.Failover;

/// <summary>When a silo that has lost the shared store leaves the cluster (<c>EngagementGrains:StorageLoss</c>).</summary>
public sealed class StorageLossOptions
{
    public const string SectionName = "EngagementGrains:StorageLoss";

    /// <summary>Off: a silo stays in the cluster however long it cannot reach the store.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the silo pings the store.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one ping (and one other silo's answer) may take before it counts as failed.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long every ping must have failed before the silo asks the others whether they reach the store.</summary>
    public TimeSpan LeaveAfter { get; set; } = TimeSpan.FromSeconds(4);
}
