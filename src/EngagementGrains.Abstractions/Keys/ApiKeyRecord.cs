namespace EngagementGrains.Abstractions.Keys;

/// <summary>
/// What is stored of an API key: never the secret, only its hash; after a rotation the previous secret's hash
/// is kept until <c>PreviousValidUntil</c>, so senders can move to the new secret without a gap.
/// </summary>
[GenerateSerializer, Immutable, Alias("eg.ApiKeyRecord")]
public sealed record class ApiKeyRecord(
    [property: Id(0)] string SecretHash,
    [property: Id(1)] IReadOnlyList<string> Scopes,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? ExpiresAt = null,
    [property: Id(4)] string? PreviousSecretHash = null,
    [property: Id(5)] DateTimeOffset? PreviousValidUntil = null);
