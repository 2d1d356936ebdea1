namespace EngagementGrains.Gateway.Keys;

/// <summary>A key's new secret after a rotation: shown only here; the old one works until <c>PreviousValidUntil</c>.</summary>
/// <param name="Id">The key's id (unchanged).</param>
/// <param name="Key">The key with its new secret.</param>
/// <param name="PreviousValidUntil">Until when the key with its old secret is still accepted.</param>
public sealed record class RotatedKey(string Id, string Key, string PreviousValidUntil);
