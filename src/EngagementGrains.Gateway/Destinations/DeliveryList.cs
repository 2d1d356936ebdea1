namespace EngagementGrains.Gateway.Destinations;

/// <summary>The answer of <c>GET /v1/destinations/{name}/deliveries</c>: the latest attempts, newest first.</summary>
public sealed record class DeliveryList(string Name, IReadOnlyList<DeliveryEntry> Attempts);
