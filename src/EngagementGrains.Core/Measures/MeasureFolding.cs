using System.Text.Json;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Profiles;

namespace EngagementGrains.Core.Measures;

/// <summary>
/// Keeps an individual's measures: adds events, recomputes changed definitions, refreshes values as time passes.
/// A state exists only for a measure some event of the individual counted for and still counts for; an absent
/// one has its empty value (<see cref="MeasureAccumulator.EmptyValue"/>), so a person's work and snapshot grow
/// with what they did, not with how many measures are defined.
/// </summary>
public static class MeasureFolding
{
    /// <summary>
    /// Measures whose definition is new or changed for this individual (deleted ones are dropped): held states of
    /// another version, and absent ones not known to be empty (<see cref="IsSynced(IndividualState, MeasureSet, string, long)"/>). When none is, the state is
    /// marked as brought up to this set; otherwise <see cref="Recompute"/> does that.
    /// </summary>
    public static IReadOnlyList<string> Stale(IndividualState state, MeasureSet set)
    {
        List<string>? deleted = null;
        foreach (var name in state.Measures.Keys)
        {
            if (!set.Measures.ContainsKey(name))
            {
                (deleted ??= []).Add(name);
            }
        }

        foreach (var name in deleted ?? [])
        {
            state.Measures.Remove(name);
        }

        var stale = new List<string>();
        foreach (var (name, (_, version)) in set.Measures)
        {
            if (state.Measures.TryGetValue(name, out var held) ? held.Version != version : !IsSynced(state, set, name, version))
            {
                stale.Add(name);
            }
        }

        if (stale.Count == 0)
        {
            MarkSynced(state, set);
        }

        return stale;
    }

    /// <summary>
    /// Recomputes the named measures from the individual's whole history; <paramref name="names"/> must be every
    /// stale measure of <paramref name="set"/> (<see cref="Stale"/>), after which every measure of the set is exact.
    /// </summary>
    public static void Recompute(IndividualState state, MeasureSet set, IReadOnlyCollection<string> names, IEnumerable<StoredEvent> history, DateTimeOffset now)
    {
        // States are created as the history's events count for them: a person who never did what a measure
        // counts gets none, however many measures are recomputed.
        var recomputed = names as IReadOnlySet<string> ?? names.ToHashSet(StringComparer.Ordinal);
        var fresh = new Dictionary<string, MeasureState>(StringComparer.Ordinal);
        foreach (var stored in history)
        {
            AddToRecomputed(recomputed, fresh, set, stored, now);
        }

        foreach (var name in recomputed)
        {
            if (fresh.TryGetValue(name, out var measure) && !MeasureAccumulator.IsEmpty(measure))
            {
                state.Measures[name] = measure;
            }
            else
            {
                state.Measures.Remove(name);
            }
        }

        MarkSynced(state, set);
    }

    /// <summary>
    /// Whether this individual's lack of a state for the measure means its empty value: the state was brought up to
    /// a set holding this very definition (defined at or before that version, and this set not older than that one).
    /// Otherwise the measure is new to the individual and needs its history (<see cref="Recompute"/>).
    /// </summary>
    public static bool IsSynced(IndividualState state, MeasureSet set, string name, long version)
    {
        var isImplicit = Segments.SegmentSpec.IsImplicitName(name);
        return IsSynced(state, set, isImplicit, version);
    }

    private static bool IsSynced(IndividualState state, MeasureSet set, bool isImplicit, long version)
    {
        var synced = isImplicit ? state.SegmentsSyncedTo : state.MeasuresSyncedTo;
        var current = isImplicit ? set.SegmentVersion : set.Version;
        return synced > 0 && version <= synced && current >= synced;
    }

    /// <summary>The measure's current value as JSON: its state's, or its empty value when the individual holds none.</summary>
    public static string? Value(IndividualState state, MeasureSet set, string name) =>
        state.Measures.TryGetValue(name, out var measure) ? measure.ValueJson
        : set.Measures.TryGetValue(name, out var definition) ? MeasureAccumulator.EmptyValue(definition.Spec)
        : null;

    /// <summary>Adds one new event to every measure it counts for, noting which measures it touched.</summary>
    public static void Apply(IndividualState state, MeasureSet set, StoredEvent stored, DateTimeOffset now, ISet<string>? touched = null)
    {
        var measures = set.OfType(stored.Event.Type);
        if (measures.Count == 0)
        {
            return;
        }

        JsonDocument? attributes = null;
        try
        {
            foreach (var measure in measures)
            {
                var held = state.Measures.TryGetValue(measure.Name, out var existing);
                if (!held && !IsSynced(state, set, measure.Implicit, measure.Version))
                {
                    // New to this individual: the recompute from its history will count this event too.
                    continue;
                }

                if (Match(measure.Spec, stored, ref attributes) is not { } entry)
                {
                    continue;
                }

                var target = existing ?? new MeasureState { Version = measure.Version, ValueJson = MeasureAccumulator.EmptyValue(measure.Spec) };
                MeasureAccumulator.Add(target, measure.Spec, entry, now);
                if (!held)
                {
                    if (MeasureAccumulator.IsEmpty(target))
                    {
                        continue;
                    }

                    state.Measures[measure.Name] = target;
                }

                touched?.Add(measure.Name);
            }
        }
        finally
        {
            attributes?.Dispose();
        }
    }

    /// <summary>
    /// Drops what has left sliding windows and stores values as of <paramref name="now"/>: of the named
    /// measures only, or of all the individual holds. Untouched measures change only with time, and the wake-up
    /// refreshes those. The names whose value changed are added to <paramref name="changed"/>; a state left
    /// holding nothing is dropped (its value is the empty one).
    /// </summary>
    public static void Refresh(IndividualState state, MeasureSet set, DateTimeOffset now, IReadOnlySet<string>? only = null, ISet<string>? changed = null)
    {
        List<string>? emptied = null;
        if (only is null)
        {
            foreach (var (name, measure) in state.Measures)
            {
                RefreshOne(name, measure);
            }
        }
        else
        {
            foreach (var name in only)
            {
                if (state.Measures.TryGetValue(name, out var measure))
                {
                    RefreshOne(name, measure);
                }
            }
        }

        foreach (var name in emptied ?? [])
        {
            state.Measures.Remove(name);
        }

        void RefreshOne(string name, MeasureState measure)
        {
            if (!set.Measures.TryGetValue(name, out var definition))
            {
                return;
            }

            MeasureAccumulator.Prune(measure, definition.Spec, now);
            var value = MeasureAccumulator.Evaluate(measure, definition.Spec, now);
            if (changed is not null && !string.Equals(value, measure.ValueJson, StringComparison.Ordinal))
            {
                changed.Add(name);
            }

            measure.ValueJson = value;
            measure.ComputedAt = now;
            if (MeasureAccumulator.IsEmpty(measure) && measure.Version == definition.Version)
            {
                (emptied ??= []).Add(name);
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
        foreach (var e in events)
        {
            // Lengths come shortest first: the first change after now is this event's earliest.
            foreach (var length in set.SlidingLengthsOf(e.Type))
            {
                var change = e.OccurredAt > now ? e.OccurredAt : e.OccurredAt + length;
                if (change > now)
                {
                    if (earliest is null || change < earliest)
                    {
                        earliest = change;
                    }

                    break;
                }
            }
        }

        return earliest;
    }

    private static void MarkSynced(IndividualState state, MeasureSet set)
    {
        state.MeasuresSyncedTo = set.Version;
        state.SegmentsSyncedTo = set.SegmentVersion;
    }

    // The event's attributes are parsed once per event, and only when a measure reads a field or filters on one.
    private static MeasureEntry? Match(MeasureSpec spec, StoredEvent stored, ref JsonDocument? attributes)
    {
        if (!spec.NeedsAttributes)
        {
            return MeasureAccumulator.Match(spec, stored, default);
        }

        attributes ??= JsonDocument.Parse(stored.Event.AttributesJson);
        return MeasureAccumulator.Match(spec, stored, attributes.RootElement);
    }

    private static void AddToRecomputed(IReadOnlySet<string> recomputed, Dictionary<string, MeasureState> fresh, MeasureSet set, StoredEvent stored, DateTimeOffset now)
    {
        JsonDocument? attributes = null;
        try
        {
            foreach (var measure in set.OfType(stored.Event.Type))
            {
                if (recomputed.Contains(measure.Name) && Match(measure.Spec, stored, ref attributes) is { } entry)
                {
                    if (!fresh.TryGetValue(measure.Name, out var target))
                    {
                        target = new MeasureState { Version = measure.Version, ValueJson = MeasureAccumulator.EmptyValue(measure.Spec) };
                        fresh[measure.Name] = target;
                    }

                    MeasureAccumulator.Add(target, measure.Spec, entry, now);
                }
            }
        }
        finally
        {
            attributes?.Dispose();
        }
    }
}
