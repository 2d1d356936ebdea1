using EngagementGrains.Abstractions.Events;

namespace EngagementGrains.Abstractions.Individuals;

/// <summary>One page of a timeline and where the next starts.</summary>
[GenerateSerializer, Immutable, Alias("eg.TimelinePage")]
public sealed record class TimelinePage(
    [property: Id(0)] IReadOnlyList<StoredEvent> Events,
    [property: Id(1)] TimelinePosition? Next);
