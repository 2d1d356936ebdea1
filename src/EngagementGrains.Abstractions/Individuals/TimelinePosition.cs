namespace EngagementGrains.Abstractions.Individuals;

/// <summary>A point in a newest-first timeline: the event's time, ties broken by log sequence.</summary>
[GenerateSerializer, Immutable, Alias("eg.TimelinePosition")]
public sealed record class TimelinePosition(
    [property: Id(0)] long OccurredAtMs,
    [property: Id(1)] long Sequence);
