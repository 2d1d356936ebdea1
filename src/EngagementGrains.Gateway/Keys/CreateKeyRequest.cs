namespace EngagementGrains.Gateway.Keys;

/// <summary>The body of <c>POST /v1/keys</c>.</summary>
/// <param name="Scopes">A non-empty list of <c>ingest</c>, <c>read</c>, <c>admin</c>.</param>
/// <param name="ExpiresAt">Optional: when the key stops working (ISO-8601 with an offset, in the future).</param>
public sealed record class CreateKeyRequest(IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt = null);
