namespace EngagementGrains.Core.Segments;

/// <summary>Holds when at least one child holds.</summary>
public sealed record class AnyCondition(IReadOnlyList<SegmentCondition> Children) : SegmentCondition;
