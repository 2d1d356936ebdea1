namespace EngagementGrains.Gateway.Destinations;

/// <summary>The body of <c>PUT /v1/destinations/{name}</c>.</summary>
/// <param name="Url">https, or http to loopback; not a private or link-local address unless the operator allows it.</param>
/// <param name="Segments">The segments to receive (names); omitted or null for every segment.</param>
/// <param name="Enabled">Whether deliveries run; true by default.</param>
public sealed record class DestinationRequest(string Url, IReadOnlyList<string>? Segments = null, bool Enabled = true);
