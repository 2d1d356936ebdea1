using EngagementGrains.Abstractions.Keys;

namespace EngagementGrains.Grains.Keys;

/// <summary>The stored key: its record, and whether it was revoked.</summary>
[GenerateSerializer, Alias("eg.ApiKeyState")]
public sealed record class ApiKeyState
{
    [Id(0)] public ApiKeyRecord? Record { get; set; }
    [Id(1)] public DateTimeOffset? RevokedAt { get; set; }
}
