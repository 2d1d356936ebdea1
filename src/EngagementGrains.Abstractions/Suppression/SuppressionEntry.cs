namespace EngagementGrains.Abstractions.Suppression;

/// <summary>One suppressed contact point: its hash (type, <c>#</c>, 128 bits of SHA-256) and when it was erased.</summary>
[GenerateSerializer, Immutable, Alias("eg.SuppressionEntry")]
public sealed record class SuppressionEntry(
    [property: Id(0)] string Key,
    [property: Id(1)] DateTimeOffset SuppressedAt);
