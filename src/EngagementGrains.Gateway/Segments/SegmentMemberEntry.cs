namespace EngagementGrains.Gateway.Segments;

/// <summary>A member of a segment and when it entered.</summary>
public sealed record class SegmentMemberEntry(string IndividualId, string Since);
