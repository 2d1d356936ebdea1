namespace EngagementGrains.Gateway.Keys;

/// <summary>The scopes a key can carry; each is also the name of the authorization policy that needs it.</summary>
public static class Scopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    /// <summary>The claim type that carries a scope.</summary>
    public const string ClaimType = "scope";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Admin];
}
