using EngagementGrains.Abstractions.Destinations;

namespace EngagementGrains.Grains.Destinations;

/// <summary>
/// The stored destination: settings, signing secrets, the position delivered up to in each segment's feed
/// (written after every acknowledged delivery), since when each segment's head has been failing, and whether the
/// destination gave up.
/// </summary>
[GenerateSerializer, Alias("eg.DestinationState")]
public sealed record class DestinationState
{
    [Id(0)] public DestinationSettings? Settings { get; set; }
    [Id(1)] public string Secret { get; set; } = "";
    [Id(2)] public string? PreviousSecret { get; set; }
    [Id(3)] public DateTimeOffset? PreviousSecretValidUntil { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(6)] public Dictionary<string, long> Positions { get; set; } = [];
    [Id(7)] public Dictionary<string, DateTimeOffset> RetryingSince { get; set; } = [];
    [Id(8)] public DateTimeOffset? FailingSince { get; set; }
    [Id(9)] public string? FailingReason { get; set; }
}
