using EngagementGrains.Abstractions.Measures;
using EngagementGrains.Storage.GrainState;

namespace EngagementGrains.Grains.Measures;

/// <summary>Holds the measure definitions; every change gets a new version and starts a backfill.</summary>
public sealed class MeasureRegistryGrain(
    [PersistentState("measures", SqliteGrainStorage.Name)] IPersistentState<MeasureRegistryState> state,
    MeasureDefinitionsCache cache,
    TimeProvider time) : Grain, IMeasureRegistryGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        cache.Update(Snapshot());

        // A backfill that was running when the process stopped starts again; it is idempotent.
        foreach (var definition in state.State.Definitions.Values.Where(d => d.Status == MeasureDefinition.Backfilling))
        {
            await GrainFactory.GetGrain<IMeasureBackfillGrain>(definition.Name).StartAsync(definition.Version);
        }
    }

    async Task<(MeasureDefinition Definition, bool Created)> IMeasureRegistryGrain.PutAsync(string name, string json)
    {
        var created = !state.State.Definitions.ContainsKey(name);
        var definition = new MeasureDefinition
        {
            Name = name,
            Version = ++state.State.Version,
            Json = json,
            UpdatedAt = time.GetUtcNow(),
        };
        state.State.Definitions[name] = definition;
        await state.WriteStateAsync();
        cache.Update(Snapshot());
        await GrainFactory.GetGrain<IMeasureBackfillGrain>(name).StartAsync(definition.Version);
        return (definition, created);
    }

    async Task<bool> IMeasureRegistryGrain.DeleteAsync(string name)
    {
        if (!state.State.Definitions.Remove(name))
        {
            return false;
        }

        state.State.Version++;
        await state.WriteStateAsync();
        cache.Update(Snapshot());
        return true;
    }

    Task<MeasureDefinitionSet> IMeasureRegistryGrain.GetAllAsync() => Task.FromResult(Snapshot());

    async Task IMeasureRegistryGrain.ReportProgressAsync(string name, long version, long processed, long total, bool done)
    {
        if (!state.State.Definitions.TryGetValue(name, out var definition) || definition.Version != version)
        {
            return;
        }

        state.State.Definitions[name] = definition with
        {
            Processed = processed,
            Total = total,
            Status = done ? MeasureDefinition.Ready : MeasureDefinition.Backfilling,
            ReadyAt = done ? time.GetUtcNow() : null,
        };
        if (done)
        {
            await state.WriteStateAsync();
        }
    }

    private MeasureDefinitionSet Snapshot() =>
        new(state.State.Version, state.State.Definitions.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray());
}
