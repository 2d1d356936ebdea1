namespace EngagementGrains.Abstractions.Destinations;

/// <summary>The names of every destination (one grain, key 0), to list them and keep their delivery loops running.</summary>
public interface IDestinationRegistryGrain : IGrainWithIntegerKey
{
    Task AddAsync(string name);

    Task RemoveAsync(string name);

    /// <summary>Every destination's name, in the order they were created.</summary>
    Task<IReadOnlyList<string>> ListAsync();
}
