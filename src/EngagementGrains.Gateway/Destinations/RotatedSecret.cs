namespace EngagementGrains.Gateway.Destinations;

/// <summary>A destination's new signing secret: shown only here; the previous one also signs until <c>PreviousSecretValidUntil</c>.</summary>
/// <param name="Name">The destination.</param>
/// <param name="Secret">The new secret.</param>
/// <param name="PreviousSecretValidUntil">Until when every webhook carries a signature with the previous secret too.</param>
public sealed record class RotatedSecret(string Name, string Secret, string PreviousSecretValidUntil);
