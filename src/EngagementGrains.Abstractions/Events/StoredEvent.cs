namespace EngagementGrains.Abstractions.Events;

/// <summary>
/// An event as the durable log holds it: the event, its position in the log, and the individual it was first
/// acknowledged for when a merge brought it here (empty when it was this individual's own).
/// </summary>
[GenerateSerializer, Immutable, Alias("eg.StoredEvent")]
public sealed record class StoredEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] EngagementEvent Event,
    [property: Id(2)] string Origin = "");
