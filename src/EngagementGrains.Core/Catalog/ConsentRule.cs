namespace EngagementGrains.Core.Catalog;

/// <summary>The consent an event type sets: a channel and its new status.</summary>
public sealed record class ConsentRule(string Channel, string Status);
