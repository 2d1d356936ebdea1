namespace EngagementGrains.Core.Segments;

/// <summary>A node of a segment's condition tree.</summary>
public abstract record class SegmentCondition
{
    /// <summary>Where this node is in the definition, e.g. <c>all[1].not</c>.</summary>
    public required string Path { get; init; }
}
