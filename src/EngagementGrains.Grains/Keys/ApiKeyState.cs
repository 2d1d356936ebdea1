using EngagementGrains.Abstractions.Keys;

namespace EngagementGrains.Grains.Keys;

/// <summary>The stored key: its record, when it was revoked, last used and last rotated.</summary>
[GenerateSerializer, Alias("eg.ApiKeyState")]
public sealed record class ApiKeyState
{
    [Id(0)] public ApiKeyRecord? Record { get; set; }
    [Id(1)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(2)] public DateTimeOffset? LastUsedAt { get; set; }
    [Id(3)] public DateTimeOffset? RotatedAt { get; set; }
}
