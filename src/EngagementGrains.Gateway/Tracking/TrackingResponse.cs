namespace EngagementGrains.Gateway.Tracking;

/// <summary>Segment's answer to an accepted call or batch.</summary>
public sealed record class TrackingResponse(bool Success);
