namespace EngagementGrains.Gateway.Catalog;

/// <summary>The consent an event type sets: a channel and its new status.</summary>
public sealed record class CatalogConsentRule(string Channel, string Status);
