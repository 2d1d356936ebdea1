namespace EngagementGrains.Dashboard.Cluster;

/// <summary>The cluster as the overview shows it: active individuals, silos and their load, and health.</summary>
public sealed record class ClusterSnapshot(long ActiveIndividuals, IReadOnlyList<SiloLoad> Silos, IReadOnlyList<HealthEntry> Health);
