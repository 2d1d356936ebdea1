namespace EngagementGrains.Core.Segments;

/// <summary>Holds when the individual is a member of another segment.</summary>
public sealed record class SegmentReferenceCondition(string Segment) : SegmentCondition;
