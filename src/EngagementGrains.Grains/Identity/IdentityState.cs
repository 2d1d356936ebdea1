namespace EngagementGrains.Grains.Identity;

/// <summary>The stored owner of a contact point, or the time it was suppressed (erased, owned by nobody).</summary>
[GenerateSerializer, Alias("eg.IdentityState")]
public sealed record class IdentityState
{
    [Id(0)] public string? IndividualId { get; set; }
    [Id(1)] public DateTimeOffset LinkedAt { get; set; }
    [Id(2)] public DateTimeOffset? SuppressedAt { get; set; }
}
