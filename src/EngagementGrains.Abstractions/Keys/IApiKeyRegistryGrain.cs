namespace EngagementGrains.Abstractions.Keys;

/// <summary>The ids of every key ever created (one grain, key 0), so an admin can list them.</summary>
public interface IApiKeyRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Records a new key's id.</summary>
    Task AddAsync(string id);

    /// <summary>Every key id, in the order they were created.</summary>
    Task<IReadOnlyList<string>> ListAsync();
}
