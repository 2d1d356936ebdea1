namespace EngagementGrains.Gateway.Keys;

/// <summary>A new key: the only time its secret is shown.</summary>
public sealed record class CreatedKey(string Id, string Key, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt);
