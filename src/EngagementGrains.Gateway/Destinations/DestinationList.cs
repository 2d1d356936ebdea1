namespace EngagementGrains.Gateway.Destinations;

/// <summary>The answer of <c>GET /v1/destinations</c>: every destination, oldest first.</summary>
public sealed record class DestinationList(IReadOnlyList<DestinationDescription> Destinations);
