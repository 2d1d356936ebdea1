namespace EngagementGrains.Gateway.Profiles;

/// <summary>A segment the individual is in.</summary>
/// <param name="Since">When it entered.</param>
public sealed record class SegmentSince(string Since);
