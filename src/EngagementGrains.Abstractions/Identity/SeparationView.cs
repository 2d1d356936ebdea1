namespace EngagementGrains.Abstractions.Identity;

/// <summary>Contact points split off an individual (or off the one it was split from) that it may not merge with again.</summary>
[GenerateSerializer, Immutable, Alias("eg.SeparationView")]
public sealed record class SeparationView(
    [property: Id(0)] string IndividualId,
    [property: Id(1)] IReadOnlyList<string> Identities,
    [property: Id(2)] DateTimeOffset SplitAt,
    [property: Id(3)] IReadOnlyList<string>? Against = null);
