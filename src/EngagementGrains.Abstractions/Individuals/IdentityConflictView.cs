namespace EngagementGrains.Abstractions.Individuals;

/// <summary>A contact point seen on this individual's event that belongs to another individual.</summary>
[GenerateSerializer, Immutable, Alias("eg.IdentityConflictView")]
public sealed record class IdentityConflictView(
    [property: Id(0)] string IdentityType,
    [property: Id(1)] string Value,
    [property: Id(2)] string EventId,
    [property: Id(3)] DateTimeOffset OccurredAt);
