using EngagementGrains.Abstractions.Segments;

namespace EngagementGrains.Grains.Segments;

/// <summary>The stored size history of a segment and how far into its change feed it has counted.</summary>
[GenerateSerializer, Alias("eg.SegmentHistoryState")]
public sealed record class SegmentHistoryState
{
    [Id(0)] public List<SegmentSizeSample> Samples { get; set; } = [];

    /// <summary>The last change-feed sequence counted into a sample's enters and exits.</summary>
    [Id(1)] public long FeedPosition { get; set; }
}
