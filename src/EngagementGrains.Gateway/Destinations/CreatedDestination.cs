namespace EngagementGrains.Gateway.Destinations;

/// <summary>A new destination: the only time its signing secret is shown.</summary>
/// <param name="Destination">The destination as GET shows it.</param>
/// <param name="Secret">The signing secret (<c>whsec_…</c>) receivers verify <c>webhook-signature</c> with.</param>
public sealed record class CreatedDestination(DestinationDescription Destination, string Secret);
