namespace EngagementGrains.Abstractions.Keys;

/// <summary>What an admin may see of a key: everything but its secret and hashes.</summary>
[GenerateSerializer, Immutable, Alias("eg.ApiKeyView")]
public sealed record class ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] IReadOnlyList<string> Scopes,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] DateTimeOffset? LastUsedAt,
    [property: Id(5)] DateTimeOffset? RotatedAt,
    [property: Id(6)] DateTimeOffset? PreviousValidUntil,
    [property: Id(7)] DateTimeOffset? RevokedAt);
