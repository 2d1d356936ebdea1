using EngagementGrains.Abstractions.Audit;

namespace EngagementGrains.Grains.Audit;

/// <summary>The stored entries of one month.</summary>
[GenerateSerializer, Alias("eg.AuditLogState")]
public sealed record class AuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}
