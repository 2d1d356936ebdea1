namespace EngagementGrains.Abstractions.Identity;

/// <summary>Who owns a contact point, and whether it is suppressed: an erased person's contact point names nobody and drops the events that carry it.</summary>
[GenerateSerializer, Immutable, Alias("eg.IdentityOwner")]
public sealed record class IdentityOwner(
    [property: Id(0)] string? IndividualId,
    [property: Id(1)] bool Suppressed);
