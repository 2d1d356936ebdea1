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

    /// <summary>Adds one new event to every measure it counts for, noting which measures it touched.</summary>
    public static void Apply(IndividualState state, MeasureSet set, StoredEvent stored, DateTimeOffset now, ISet<string>? touched = null) =>
        AddToMeasures(state.Measures, set, stored, now, touched);

    /// <summary>
    /// Drops what has left sliding windows and stores values as of <paramref name="now"/>: of the named
    /// measures only, or of all. Untouched measures change only with time, and the wake-up refreshes those.
    /// The names whose value changed are added to <paramref name="changed"/>.
    /// </summary>
    public static void Refresh(IndividualState state, MeasureSet set, DateTimeOffset now, IReadOnlySet<string>? only = null, ISet<string>? changed = null)
    {
        foreach (var (name, measure) in state.Measures)
        {
            if ((only is null || only.Contains(name)) && set.Measures.TryGetValue(name, out var definition))
            {
                MeasureAccumulator.Prune(measure, definition.Spec, now);
                var value = MeasureAccumulator.Evaluate(measure, definition.Spec, now);
                if (changed is not null && !string.Equals(value, measure.ValueJson, StringComparison.Ordinal))
                {
                    changed.Add(name);
                }

                measure.ValueJson = value;
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

    /// <summary>
    /// The earliest instant at which these events could change a sliding measure with no further event,
    /// computed before they are stored: it may be early (a duplicate, a filtered-out field), never late.
    /// </summary>
    public static DateTimeOffset? EarliestChange(IReadOnlyList<EngagementEvent> events, MeasureSet set, DateTimeOffset now)
    {
        DateTimeOffset? earliest = null;
        foreach (var (spec, _) in set.Measures.Values)
        {
            if (spec.Window.Kind != WindowKind.Sliding)
            {
                continue;
            }

            foreach (var e in events)
            {
                if (!spec.EventTypes.Contains(e.Type))
                {
                    continue;
                }

                var change = e.OccurredAt > now ? e.OccurredAt : e.OccurredAt + spec.Window.Length;
                if (change > now && (earliest is null || change < earliest))
                {
                    earliest = change;
                }
            }
        }

        return earliest;
    }

    private static void AddToMeasures(Dictionary<string, MeasureState> measures, MeasureSet set, StoredEvent stored, DateTimeOffset now, ISet<string>? touched = null)
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
                    touched?.Add(name);
                }
            }
        }
        finally
        {
            attributes?.Dispose();
        }
    }
}
