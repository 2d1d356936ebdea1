namespace EngagementGrains.HardeningTests;

/// <summary>
/// The hardening tests start their own Hosts (limits set low, logs captured, stores scanned) and run one
/// after another: each drives its Host hard, and side by side they would measure each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HardeningCollection
{
    public const string Name = "hardening";
}
