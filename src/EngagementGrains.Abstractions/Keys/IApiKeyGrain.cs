namespace EngagementGrains.Abstractions.Keys;

/// <summary>One API key (grain key: the key id), stored as a hash with its scopes.</summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Returns the key's record, or null when it does not exist or was revoked; counts as a use of the key.</summary>
    Task<ApiKeyRecord?> GetAsync();

    /// <summary>The key as an admin sees it (revoked ones too), or null when there never was one.</summary>
    Task<ApiKeyView?> DescribeAsync();

    /// <summary>Stores a new key; false when this id already has one.</summary>
    Task<bool> CreateAsync(ApiKeyRecord record);

    /// <summary>
    /// Gives the key a new secret; the current one keeps working until <paramref name="previousValidUntil"/>.
    /// Null when there is no active key.
    /// </summary>
    Task<ApiKeyView?> RotateAsync(string newSecretHash, DateTimeOffset previousValidUntil);

    /// <summary>Revokes the key at once; false when there was none.</summary>
    Task<bool> RevokeAsync();
}
