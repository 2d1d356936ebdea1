namespace EngagementGrains.Core.Profiles;

/// <summary>A profile attribute: its JSON value and the occurredAt of the event that set it.</summary>
[GenerateSerializer, Immutable, Alias("eg.AttributeEntry")]
public sealed record class AttributeEntry(
    [property: Id(0)] string Json,
    [property: Id(1)] DateTimeOffset UpdatedAt);
