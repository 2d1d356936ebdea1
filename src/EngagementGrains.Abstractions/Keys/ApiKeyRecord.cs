namespace EngagementGrains.Abstractions.Keys;

/// <summary>What is stored of an API key: never the secret, only its hash.</summary>
[GenerateSerializer, Immutable, Alias("eg.ApiKeyRecord")]
public sealed record class ApiKeyRecord(
    [property: Id(0)] string SecretHash,
    [property: Id(1)] IReadOnlyList<string> Scopes,
    [property: Id(2)] DateTimeOffset CreatedAt);
