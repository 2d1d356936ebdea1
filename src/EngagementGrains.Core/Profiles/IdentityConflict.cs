namespace EngagementGrains.Core.Profiles;

/// <summary>A contact point on this individual's event that another individual already owns.</summary>
[GenerateSerializer, Immutable, Alias("eg.IdentityConflict")]
public sealed record class IdentityConflict(
    [property: Id(0)] string IdentityKey,
    [property: Id(1)] string EventId,
    [property: Id(2)] DateTimeOffset OccurredAt);
