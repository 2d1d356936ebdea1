using EngagementGrains.Core.Time;
using System.Text.Json;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Segments;
using EngagementGrains.Storage;
using EngagementGrains.Storage.Memberships;
using Orleans.Runtime;

namespace EngagementGrains.Grains.Definitions;

/// <summary>
/// Holds the definitions of one kind (key: measures or segments). Every change gets a new version and
/// starts a backfill; segment changes are checked against the other segments (no unknown reference, no cycle).
/// </summary>
public sealed class DefinitionRegistryGrain(
    [PersistentState("definitions", StorageNames.Grains)] IPersistentState<DefinitionRegistryState> state,
    DefinitionsCache cache,
    ILocalSiloDetails silo,
    IMembershipStore memberships,
    EngagementClock time) : Grain, IDefinitionRegistryGrain
{
    // What each silo's copy holds; kept in memory only: after a restart every silo says so again within a second.
    private readonly Dictionary<string, long> _silos = new(StringComparer.Ordinal);

    private string Kind => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        UpdateLocalCopy();

        // A backfill that was running when the process stopped starts again; it is idempotent.
        foreach (var definition in state.State.Definitions.Values.Where(d => d.Status == Definition.Backfilling))
        {
            await Backfill(definition.Name).StartAsync(definition.Version);
        }
    }

    async Task<PutDefinitionResult> IDefinitionRegistryGrain.PutAsync(string name, string json, int limit)
    {
        if (!state.State.Definitions.ContainsKey(name) && state.State.Definitions.Count >= limit)
        {
            return new PutDefinitionResult(null, false,
                [$"the deployment holds its limit of {limit} {Kind}; delete one, or raise the limit (EngagementGrains:Limits)"], OverLimit: true);
        }

        var errors = Kind == DefinitionKind.Segments ? CheckSegment(name, json) : [];
        if (errors.Count > 0)
        {
            return new PutDefinitionResult(null, false, errors);
        }

        var created = !state.State.Definitions.TryGetValue(name, out var existing);
        if (created && Kind == DefinitionKind.Segments)
        {
            // A new segment starts with no rows: a copy that still held a deleted definition of this name (a
            // silo a second behind, a call in flight across a crash) may have written some after the delete.
            await memberships.DeleteSegmentAsync(name);
        }

        var version = ++state.State.Version;
        var definition = new Definition { Name = name, Version = version, Json = json, UpdatedAt = time.GetUtcNow(), Created = existing?.Created ?? version };
        state.State.Definitions[name] = definition;
        await state.WriteStateAsync();
        UpdateLocalCopy();
        await Backfill(name).StartAsync(definition.Version);
        return new PutDefinitionResult(definition, created, []);
    }

    async Task<(bool Deleted, IReadOnlyList<string> Errors)> IDefinitionRegistryGrain.DeleteAsync(string name)
    {
        if (!state.State.Definitions.ContainsKey(name))
        {
            return (false, []);
        }

        if (Kind == DefinitionKind.Segments)
        {
            var referrers = Parsed().Where(s => s.Name != name && s.References.Contains(name)).Select(s => s.Name).ToArray();
            if (referrers.Length > 0)
            {
                return (false, [$"segment '{name}' is used by {string.Join(", ", referrers.Select(r => $"'{r}'"))}; change or delete those first"]);
            }
        }

        state.State.Definitions.Remove(name);
        state.State.Version++;
        await state.WriteStateAsync();
        UpdateLocalCopy();
        if (Kind == DefinitionKind.Segments)
        {
            await memberships.DeleteSegmentAsync(name);
        }

        return (true, []);
    }

    Task<DefinitionSet> IDefinitionRegistryGrain.GetAllAsync() => Task.FromResult(Snapshot());

    // This silo's copy is updated at once, and known to be.
    private void UpdateLocalCopy()
    {
        var snapshot = Snapshot();
        cache.Update(Kind, snapshot);
        _silos[silo.SiloAddress.ToString()] = Math.Max(cache.Current.VersionOf(Kind), _silos.GetValueOrDefault(silo.SiloAddress.ToString()));
    }

    Task IDefinitionRegistryGrain.AcknowledgeAsync(string silo, long version)
    {
        _silos[silo] = Math.Max(version, _silos.GetValueOrDefault(silo));
        return Task.CompletedTask;
    }

    Task<IReadOnlyList<string>> IDefinitionRegistryGrain.SilosAtAsync(long version) =>
        Task.FromResult<IReadOnlyList<string>>(_silos.Where(s => s.Value >= version).Select(s => s.Key).ToArray());

    async Task IDefinitionRegistryGrain.ReportProgressAsync(string name, long version, long processed, long total, bool done)
    {
        if (!state.State.Definitions.TryGetValue(name, out var definition) || definition.Version != version)
        {
            return;
        }

        state.State.Definitions[name] = definition with
        {
            Processed = processed,
            Total = total,
            Status = done ? Definition.Ready : Definition.Backfilling,
            ReadyAt = done ? time.GetUtcNow() : null,
        };
        if (done)
        {
            await state.WriteStateAsync();
        }
    }

    private List<string> CheckSegment(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var candidate = SegmentSpec.Parse(name, document.RootElement, new List<DefinitionError>());
        if (candidate is null)
        {
            return ["the definition does not parse"];
        }

        var others = Parsed().Where(s => s.Name != name).ToList();
        var errors = candidate.References
            .Where(r => r != name && others.All(o => o.Name != r))
            .Select(r => $"refers to segment '{r}', which does not exist")
            .ToList();
        if (candidate.References.Contains(name) || SegmentSet.TopologicalOrder([.. others, candidate]) is null)
        {
            errors.Add($"segment '{name}' would refer to itself through its references (a cycle)");
        }

        return errors;
    }

    private IEnumerable<SegmentSpec> Parsed()
    {
        foreach (var definition in state.State.Definitions.Values)
        {
            using var document = JsonDocument.Parse(definition.Json);
            if (SegmentSpec.Parse(definition.Name, document.RootElement, new List<DefinitionError>()) is { } spec)
            {
                yield return spec;
            }
        }
    }

    private IBackfillGrain Backfill(string name) => GrainFactory.GetGrain<IBackfillGrain>($"{Kind}/{name}");

    private DefinitionSet Snapshot() =>
        new(state.State.Version, state.State.Definitions.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray());
}
