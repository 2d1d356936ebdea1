namespace EngagementGrains.Storage.Memberships;

/// <summary>A member of a segment and since when.</summary>
public sealed record class MembershipRecord(string IndividualId, DateTimeOffset Since);
