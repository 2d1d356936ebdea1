using EngagementGrains.Abstractions.Keys;
using EngagementGrains.Gateway.Profiles;

namespace EngagementGrains.Gateway.Keys;

/// <summary>A key as <c>GET /v1/keys</c> shows it: never its secret.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Scopes">Its scopes.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
/// <param name="LastUsedAt">When a request last presented it (to the minute).</param>
/// <param name="RotatedAt">When its secret was last replaced.</param>
/// <param name="PreviousValidUntil">Until when the secret before the last rotation still works.</param>
/// <param name="RevokedAt">When it was revoked.</param>
/// <param name="Status"><c>active</c>, <c>expired</c> or <c>revoked</c>.</param>
public sealed record class KeyDescription(
    string Id, IReadOnlyList<string> Scopes, string CreatedAt, string? ExpiresAt, string? LastUsedAt,
    string? RotatedAt, string? PreviousValidUntil, string? RevokedAt, string Status)
{
    public static KeyDescription From(ApiKeyView key, DateTimeOffset now) => new(
        key.Id, key.Scopes, ApiJson.Timestamp(key.CreatedAt), Stamp(key.ExpiresAt), Stamp(key.LastUsedAt),
        Stamp(key.RotatedAt), Stamp(key.PreviousValidUntil), Stamp(key.RevokedAt),
        key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= now ? "expired" : "active");

    private static string? Stamp(DateTimeOffset? value) => value is { } v ? ApiJson.Timestamp(v) : null;
}
