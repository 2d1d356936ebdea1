using EngagementGrains.Core.Time;
using EngagementGrains.Abstractions.Keys;
using EngagementGrains.Storage;

namespace EngagementGrains.Grains.Keys;

/// <summary>One API key; every request asks it, so a revocation takes effect on the next request.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("apikey", StorageNames.Grains)] IPersistentState<ApiKeyState> state,
    EngagementClock time) : Grain, IApiKeyGrain
{
    Task<ApiKeyRecord?> IApiKeyGrain.GetAsync() =>
        Task.FromResult(state.State.RevokedAt is null ? state.State.Record : null);

    async Task<bool> IApiKeyGrain.CreateAsync(ApiKeyRecord record)
    {
        if (state.State.Record is not null)
        {
            return false;
        }

        state.State.Record = record;
        await state.WriteStateAsync();
        return true;
    }

    async Task<bool> IApiKeyGrain.RevokeAsync()
    {
        if (state.State.Record is null || state.State.RevokedAt is not null)
        {
            return false;
        }

        state.State.RevokedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        return true;
    }
}
