namespace EngagementGrains.Dashboard.Cluster;

/// <summary>One silo as the management grain reports it.</summary>
public sealed record class SiloLoad(string Address, string Status, int Activations, float? CpuPercent, long? MemoryBytes, bool Overloaded);
