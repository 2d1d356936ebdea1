namespace EngagementGrains.Gateway.Profiles;

/// <summary>The consent of one channel on a profile.</summary>
/// <param name="Status"><c>subscribed</c> or <c>unsubscribed</c>.</param>
/// <param name="UpdatedAt">The <c>occurredAt</c> of the event that set it.</param>
/// <param name="EventType">The type of that event.</param>
public sealed record class ChannelConsent(string Status, string UpdatedAt, string EventType);
