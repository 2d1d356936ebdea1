namespace EngagementGrains.Core.Segments;

/// <summary>Holds when its child does not.</summary>
public sealed record class NotCondition(SegmentCondition Child) : SegmentCondition;
