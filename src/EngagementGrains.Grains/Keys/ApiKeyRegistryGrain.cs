using EngagementGrains.Abstractions.Keys;
using EngagementGrains.Storage;

namespace EngagementGrains.Grains.Keys;

/// <summary>The ids of every key; keys are few (people and integrations), so one grain holds them all.</summary>
public sealed class ApiKeyRegistryGrain(
    [PersistentState("apikeys", StorageNames.Grains)] IPersistentState<ApiKeyRegistryState> state) : Grain, IApiKeyRegistryGrain
{
    async Task IApiKeyRegistryGrain.AddAsync(string id)
    {
        if (!state.State.Ids.Contains(id))
        {
            state.State.Ids.Add(id);
            await state.WriteStateAsync();
        }
    }

    Task<IReadOnlyList<string>> IApiKeyRegistryGrain.ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Ids]);
}
