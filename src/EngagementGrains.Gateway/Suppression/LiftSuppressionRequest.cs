namespace EngagementGrains.Gateway.Suppression;

/// <summary>
/// The body of <c>POST /v1/suppressions/lift</c>: contact points by value (<c>{"email": "…"}</c>, as an event
/// names them) or by the keys the list shows; at least one of the two.
/// </summary>
public sealed record class LiftSuppressionRequest(IReadOnlyDictionary<string, string>? Identities, IReadOnlyList<string>? Keys);
