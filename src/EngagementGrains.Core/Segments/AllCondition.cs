namespace EngagementGrains.Core.Segments;

/// <summary>Holds when every child holds.</summary>
public sealed record class AllCondition(IReadOnlyList<SegmentCondition> Children) : SegmentCondition;
