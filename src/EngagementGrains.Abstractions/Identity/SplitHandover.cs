using EngagementGrains.Abstractions.Events;

namespace EngagementGrains.Abstractions.Identity;

/// <summary>
/// What an individual hands the one that takes contact points split off it: those contact points, the events
/// that go with them (as stored in its log, origins kept), the individuals merged in earlier that go too, and the
/// contact points it keeps, which the other side may not merge with again, and the earlier separations made for the
/// contact points that leave.
/// </summary>
[GenerateSerializer, Immutable, Alias("eg.SplitHandover")]
public sealed record class SplitHandover(
    [property: Id(0)] IReadOnlyList<string> Identities,
    [property: Id(1)] IReadOnlyList<StoredEvent> Events,
    [property: Id(2)] IReadOnlyDictionary<string, DateTimeOffset> Absorbed,
    [property: Id(3)] IReadOnlyList<string> KeptApart,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] IReadOnlyList<SeparationView>? Separations = null);
