namespace EngagementGrains.Gateway.Catalog;

/// <summary>The event catalog (<c>GET /v1/catalog</c>): channels and event types.</summary>
public sealed record class CatalogListing(IReadOnlyList<string> Channels, IReadOnlyList<CatalogEventType> Types);
