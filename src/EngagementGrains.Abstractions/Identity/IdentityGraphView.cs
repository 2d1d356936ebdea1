namespace EngagementGrains.Abstractions.Identity;

/// <summary>The identity graph of an individual: its contact points, the individuals merged into it, and refused links.</summary>
[GenerateSerializer, Immutable, Alias("eg.IdentityGraphView")]
public sealed record class IdentityGraphView(
    [property: Id(0)] string IndividualId,
    [property: Id(1)] IReadOnlyList<string> Identities,
    [property: Id(2)] IReadOnlyList<MergedIndividualView> Merged,
    [property: Id(3)] IReadOnlyList<string> Conflicts,
    [property: Id(4)] IReadOnlyList<SeparationView>? Separations = null);
