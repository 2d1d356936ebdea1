namespace EngagementGrains.Abstractions.Individuals;

/// <summary>What an erasure removed: the individuals (the survivor and everyone merged into it), contact points (suppressed or not) and events.</summary>
[GenerateSerializer, Immutable, Alias("eg.ErasureResult")]
public sealed record class ErasureResult(
    [property: Id(0)] IReadOnlyList<string> Individuals,
    [property: Id(1)] IReadOnlyList<string> Identities,
    [property: Id(2)] int Events,
    [property: Id(3)] bool Suppressed = false);
