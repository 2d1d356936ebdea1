namespace EngagementGrains.Grains.Identity;

/// <summary>The stored owner of a contact point.</summary>
[GenerateSerializer, Alias("eg.IdentityState")]
public sealed record class IdentityState
{
    [Id(0)] public string? IndividualId { get; set; }
    [Id(1)] public DateTimeOffset LinkedAt { get; set; }
}
