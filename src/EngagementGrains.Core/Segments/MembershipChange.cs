namespace EngagementGrains.Core.Segments;

/// <summary>An individual entering or leaving a segment at an instant.</summary>
public sealed record class MembershipChange(string Segment, bool Entered, DateTimeOffset At);
