namespace EngagementGrains.Abstractions.Individuals;

/// <summary>The consent of one channel: its status and the event that set it.</summary>
[GenerateSerializer, Immutable, Alias("eg.ConsentView")]
public sealed record class ConsentView(
    [property: Id(0)] string Status,
    [property: Id(1)] DateTimeOffset UpdatedAt,
    [property: Id(2)] string EventType);
