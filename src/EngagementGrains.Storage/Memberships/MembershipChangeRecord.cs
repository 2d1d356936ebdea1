namespace EngagementGrains.Storage.Memberships;

/// <summary>One entry of a segment's change feed: its position, who, enter or exit, and when.</summary>
public sealed record class MembershipChangeRecord(long Sequence, string IndividualId, bool Entered, DateTimeOffset At);
