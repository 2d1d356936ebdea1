namespace EngagementGrains.Gateway.Keys;

/// <summary>The body of <c>POST /v1/keys</c>.</summary>
public sealed record class CreateKeyRequest(IReadOnlyList<string>? Scopes, string? Name);
