using EngagementGrains.Abstractions.Destinations;
using EngagementGrains.Storage;

namespace EngagementGrains.Grains.Destinations;

/// <summary>The names of every destination; destinations are few (one per receiving system), so one grain holds them.</summary>
public sealed class DestinationRegistryGrain(
    [PersistentState("destinations", StorageNames.Grains)] IPersistentState<DestinationRegistryState> state) : Grain, IDestinationRegistryGrain
{
    async Task IDestinationRegistryGrain.AddAsync(string name)
    {
        if (!state.State.Names.Contains(name))
        {
            state.State.Names.Add(name);
            await state.WriteStateAsync();
        }
    }

    async Task IDestinationRegistryGrain.RemoveAsync(string name)
    {
        if (state.State.Names.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    Task<IReadOnlyList<string>> IDestinationRegistryGrain.ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Names]);
}
