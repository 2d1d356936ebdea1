namespace EngagementGrains.Grains.Suppression;

/// <summary>The stored suppression list: hashed contact point to the time it was suppressed.</summary>
[GenerateSerializer, Alias("eg.SuppressionListState")]
public sealed record class SuppressionListState
{
    [Id(0)] public Dictionary<string, DateTimeOffset> Entries { get; set; } = new(StringComparer.Ordinal);
}
