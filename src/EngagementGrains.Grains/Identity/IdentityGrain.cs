using EngagementGrains.Core.Time;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Storage;

namespace EngagementGrains.Grains.Identity;

/// <summary>
/// A contact point. Being one grain per contact point makes "first contact creates the individual"
/// race-free: concurrent first events for one address all get the owner that was linked first.
/// </summary>
public sealed class IdentityGrain(
    [PersistentState("identity", StorageNames.Grains)] IPersistentState<IdentityState> state,
    EngagementClock time) : Grain, IIdentityGrain
{
    Task<string?> IIdentityGrain.GetIndividualAsync() => Task.FromResult(state.State.IndividualId);

    async Task<string> IIdentityGrain.LinkAsync(string individualId)
    {
        if (state.State.IndividualId is { } owner)
        {
            return owner;
        }

        state.State.IndividualId = individualId;
        state.State.LinkedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        return individualId;
    }

    async Task IIdentityGrain.RelinkAsync(IReadOnlyList<string> previousOwners, string survivorId)
    {
        if (state.State.IndividualId is { } owner && owner != survivorId && previousOwners.Contains(owner, StringComparer.Ordinal))
        {
            state.State.IndividualId = survivorId;
            state.State.LinkedAt = time.GetUtcNow();
            await state.WriteStateAsync();
        }
    }

    async Task<bool> IIdentityGrain.ForgetAsync(IReadOnlyList<string> owners)
    {
        if (state.State.IndividualId is not { } owner || !owners.Contains(owner, StringComparer.Ordinal))
        {
            return false;
        }

        await state.ClearStateAsync();
        state.State = new IdentityState();
        return true;
    }
}
