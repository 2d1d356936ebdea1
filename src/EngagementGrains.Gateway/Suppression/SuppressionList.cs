namespace EngagementGrains.Gateway.Suppression;

/// <summary>The answer of <c>GET /v1/suppressions</c>: every suppressed contact point, oldest first.</summary>
public sealed record class SuppressionList(IReadOnlyList<SuppressedIdentity> Suppressions);
