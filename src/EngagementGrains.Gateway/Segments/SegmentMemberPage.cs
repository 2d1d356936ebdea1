namespace EngagementGrains.Gateway.Segments;

/// <summary>A page of a segment's members in individual-id order.</summary>
/// <param name="Segment">The segment's name.</param>
/// <param name="Members">The page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record class SegmentMemberPage(string Segment, IReadOnlyList<SegmentMemberEntry> Members, string? NextCursor);
