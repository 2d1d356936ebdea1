namespace EngagementGrains.Abstractions.Events;

/// <summary>An event as the durable log holds it: the event plus its position in the log.</summary>
[GenerateSerializer, Immutable, Alias("eg.StoredEvent")]
public sealed record class StoredEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] EngagementEvent Event);
