using System.Text.Json;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Profiles;

namespace EngagementGrains.Core.Measures;

/// <summary>Keeps an individual's measures: adds events, recomputes changed definitions, refreshes values as time passes.</summary>
public static class MeasureFolding
{
    /// <summary>Measures whose definition is new or changed for this individual; deleted ones are dropped.</summary>
    public static IReadOnlyList<string> Stale(IndividualState state, MeasureSet set)
    {
        foreach (var name in state.Measures.Keys.Where(n => !set.Measures.ContainsKey(n)).ToList())
        {
            state.Measures.Remove(name);
        }

        return set.Measures
            .Where(m => !state.Measures.TryGetValue(m.Key, out var existing) || existing.Version != m.Value.Version)
            .Select(m => m.Key)
            .ToList();
    }

    /// <summary>Recomputes the named measures from the individual's whole history.</summary>
    public static void Recompute(IndividualState state, MeasureSet set, IReadOnlyCollection<string> names, IEnumerable<StoredEvent> history, DateTimeOffset now)
    {
        var fresh = names.ToDictionary(n => n, n => new MeasureState { Version = set.Measures[n].Version }, StringComparer.Ordinal);
        foreach (var stored in history)
        {
            AddToMeasures(fresh, set, stored, now);
        }

        foreach (var (name, measure) in fresh)
        {
            state.Measures[name] = measure;
        }
    }

    /// <summary>Adds one new event to every measure it counts for.</summary>
    public static void Apply(IndividualState state, MeasureSet set, StoredEvent stored, DateTimeOffset now) =>
        AddToMeasures(state.Measures, set, stored, now);

    /// <summary>Drops what has left sliding windows and stores each value as of <paramref name="now"/>.</summary>
    public static void Refresh(IndividualState state, MeasureSet set, DateTimeOffset now)
    {
        foreach (var (name, measure) in state.Measures)
        {
            if (set.Measures.TryGetValue(name, out var definition))
            {
                MeasureAccumulator.Prune(measure, definition.Spec, now);
                measure.ValueJson = MeasureAccumulator.Evaluate(measure, definition.Spec, now);
                measure.ComputedAt = now;
            }
        }
    }

    /// <summary>The earliest instant after now at which any measure changes with no new event.</summary>
    public static DateTimeOffset? NextChange(IndividualState state, MeasureSet set, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var (name, measure) in state.Measures)
        {
            if (set.Measures.TryGetValue(name, out var definition)
                && MeasureAccumulator.NextChange(measure, definition.Spec, now) is { } change
                && (next is null || change < next))
            {
                next = change;
            }
        }

        return next;
    }

    private static void AddToMeasures(Dictionary<string, MeasureState> measures, MeasureSet set, StoredEvent stored, DateTimeOffset now)
    {
        JsonDocument? attributes = null;
        try
        {
            foreach (var (name, measure) in measures)
            {
                if (!set.Measures.TryGetValue(name, out var definition) || !definition.Spec.EventTypes.Contains(stored.Event.Type))
                {
                    continue;
                }

                attributes ??= JsonDocument.Parse(stored.Event.AttributesJson);
                if (MeasureAccumulator.Match(definition.Spec, stored, attributes.RootElement) is { } entry)
                {
                    MeasureAccumulator.Add(measure, definition.Spec, entry, now);
                }
            }
        }
        finally
        {
            attributes?.Dispose();
        }
    }
}
