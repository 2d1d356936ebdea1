namespace EngagementGrains.Gateway.Keys;

/// <summary>What checking a presented key found: its id and scopes when accepted, else why not.</summary>
/// <param name="KeyId">The key's id (<c>admin</c> for the bootstrap key); null when refused.</param>
/// <param name="Scopes">The key's scopes; empty when refused.</param>
/// <param name="Refusal">Why the key was refused; null when accepted.</param>
/// <param name="Expired">True when the key is known but has expired.</param>
public sealed record class KeyCheck(string? KeyId, IReadOnlyList<string> Scopes, string? Refusal, bool Expired = false)
{
    public bool Accepted => KeyId is not null;

    public static KeyCheck Accept(string keyId, IReadOnlyList<string> scopes) => new(keyId, scopes, null);

    public static KeyCheck Refuse(string why, bool expired = false) => new(null, [], why, expired);
}
