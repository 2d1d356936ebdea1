namespace EngagementGrains.Abstractions.Events;

/// <summary>A valid event before identity resolution: the individual id it named, if any.</summary>
[GenerateSerializer, Immutable, Alias("eg.IncomingEvent")]
public sealed record class IncomingEvent(
    [property: Id(0)] string? IndividualId,
    [property: Id(1)] EngagementEvent Event);
