namespace EngagementGrains.Core.Segments;

/// <summary>An individual entering or leaving a segment at an instant (of the segment's definition <paramref name="Generation"/>).</summary>
public sealed record class MembershipChange(string Segment, bool Entered, DateTimeOffset At, long Generation = 0);
