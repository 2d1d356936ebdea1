namespace EngagementGrains.Gateway.Keys;

/// <summary>The answer of <c>GET /v1/keys</c>: every key ever created, oldest first.</summary>
public sealed record class KeyList(IReadOnlyList<KeyDescription> Keys);
