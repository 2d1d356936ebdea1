namespace EngagementGrains.Abstractions.Audit;

/// <summary>One admin action: who (the key id, never its secret), what, on what, and the answer it got.</summary>
[GenerateSerializer, Immutable, Alias("eg.AuditEntry")]
public sealed record class AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string KeyId,
    [property: Id(2)] string Action,
    [property: Id(3)] string Target,
    [property: Id(4)] int Status);
