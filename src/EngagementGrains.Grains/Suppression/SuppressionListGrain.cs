using EngagementGrains.Abstractions.Suppression;
using EngagementGrains.Storage;

namespace EngagementGrains.Grains.Suppression;

/// <summary>The admins' view of what is suppressed; the identity grains enforce it.</summary>
public sealed class SuppressionListGrain(
    [PersistentState("suppressions", StorageNames.Grains)] IPersistentState<SuppressionListState> state) : Grain, ISuppressionListGrain
{
    async Task ISuppressionListGrain.AddAsync(IReadOnlyList<string> keys, DateTimeOffset at)
    {
        var added = false;
        foreach (var key in keys)
        {
            added |= state.State.Entries.TryAdd(key, at);
        }

        if (added)
        {
            await state.WriteStateAsync();
        }
    }

    async Task<int> ISuppressionListGrain.RemoveAsync(IReadOnlyList<string> keys)
    {
        var removed = keys.Count(state.State.Entries.Remove);
        if (removed > 0)
        {
            await state.WriteStateAsync();
        }

        return removed;
    }

    Task<IReadOnlyList<SuppressionEntry>> ISuppressionListGrain.ListAsync() => Task.FromResult<IReadOnlyList<SuppressionEntry>>(
        state.State.Entries.OrderBy(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => new SuppressionEntry(e.Key, e.Value)).ToArray());
}
