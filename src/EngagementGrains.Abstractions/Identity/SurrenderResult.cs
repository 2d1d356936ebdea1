using EngagementGrains.Abstractions.Events;

namespace EngagementGrains.Abstractions.Identity;

/// <summary>
/// What a merged-away individual hands its survivor: its events as now stored in the survivor's log
/// (only those the survivor did not already have), its contact points, the individuals it had absorbed, and the
/// contact points an operator split off it, which the survivor may not merge with either.
/// </summary>
[GenerateSerializer, Immutable, Alias("eg.SurrenderResult")]
public sealed record class SurrenderResult(
    [property: Id(0)] MergeResult Outcome,
    [property: Id(1)] IReadOnlyList<StoredEvent> Copied,
    [property: Id(2)] IReadOnlyList<string> Identities,
    [property: Id(3)] IReadOnlyList<string> Absorbed,
    [property: Id(4)] IReadOnlyList<SeparationView>? Separations = null);
