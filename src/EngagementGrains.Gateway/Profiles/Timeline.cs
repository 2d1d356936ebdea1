namespace EngagementGrains.Gateway.Profiles;

/// <summary>A page of an individual's events, newest <c>occurredAt</c> first.</summary>
/// <param name="IndividualId">The individual's id.</param>
/// <param name="Events">The page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record class Timeline(string IndividualId, IReadOnlyList<TimelineEvent> Events, string? NextCursor);
