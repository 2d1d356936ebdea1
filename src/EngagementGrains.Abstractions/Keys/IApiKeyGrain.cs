namespace EngagementGrains.Abstractions.Keys;

/// <summary>One API key (grain key: the key id), stored as a hash with its scopes.</summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Returns the key's record, or null when it does not exist or was revoked.</summary>
    Task<ApiKeyRecord?> GetAsync();

    /// <summary>Stores a new key; false when this id already has one.</summary>
    Task<bool> CreateAsync(ApiKeyRecord record);

    /// <summary>Revokes the key at once; false when there was none.</summary>
    Task<bool> RevokeAsync();
}
