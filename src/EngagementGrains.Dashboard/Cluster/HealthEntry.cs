namespace EngagementGrains.Dashboard.Cluster;

/// <summary>One of the Host's health checks (storage, silo or cluster) as it answers now.</summary>
public sealed record class HealthEntry(string Name, string Status, string? Description);
