namespace EngagementGrains.Gateway.Profiles;

/// <summary>A contact point an event of this individual carried that belongs to another individual.</summary>
public sealed record class ConflictingIdentity(string IdentityType, string Value, string EventId, string OccurredAt);
