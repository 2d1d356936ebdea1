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

    Task<IdentityOwner> IIdentityGrain.GetOwnerAsync() =>
        Task.FromResult(new IdentityOwner(state.State.IndividualId, state.State.SuppressedAt is not null));

    async Task<string?> IIdentityGrain.LinkAsync(string individualId)
    {
        if (state.State.IndividualId is { } owner)
        {
            return owner;
        }

        if (state.State.SuppressedAt is not null)
        {
            return null;
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

    async Task<bool> IIdentityGrain.ForgetAsync(IReadOnlyList<string> owners, bool suppress)
    {
        if (state.State.IndividualId is not { } owner || !owners.Contains(owner, StringComparer.Ordinal))
        {
            return false;
        }

        if (suppress)
        {
            // The row stays, keyed by the hash alone and holding only the time: that is the suppression.
            state.State = new IdentityState { SuppressedAt = time.GetUtcNow() };
            await state.WriteStateAsync();
        }
        else
        {
            await state.ClearStateAsync();
            state.State = new IdentityState();
        }

        return true;
    }

    async Task<bool> IIdentityGrain.LiftSuppressionAsync()
    {
        if (state.State.SuppressedAt is null)
        {
            return false;
        }

        await state.ClearStateAsync();
        state.State = new IdentityState();
        return true;
    }
}
