using EngagementGrains.Core.Events;
using System.Globalization;
using System.Text.Json;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Conditions;

namespace EngagementGrains.Core.Measures;

/// <summary>
/// Adds events to a measure's state and evaluates it at an instant. Pure: the same entries and instant
/// always give the same value, which the property tests check against a recompute from raw events.
/// </summary>
public static class MeasureAccumulator
{

    /// <summary>The entry this event contributes, or null when the event does not count for the measure.</summary>
    public static MeasureEntry? Match(MeasureSpec spec, StoredEvent stored, JsonElement attributes)
    {
        var e = stored.Event;
        if (!spec.EventTypes.Contains(e.Type) || !spec.Where.Matches(attributes))
        {
            return null;
        }

        decimal? number = null;
        string? json = null;
        if (spec.Field is { } field)
        {
            if (attributes.ValueKind != JsonValueKind.Object
                || !attributes.TryGetProperty(field, out var value)
                || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                return null;
            }

            json = value.GetRawText();
            number = AsDecimal(value);
            if (number is null && spec.Aggregate is MeasureAggregate.Sum or MeasureAggregate.Avg or MeasureAggregate.Min or MeasureAggregate.Max)
            {
                return null;
            }
        }

        return new MeasureEntry(e.OccurredAt.ToUnixTimeMilliseconds(), stored.Sequence, number, json);
    }

    public static void Add(MeasureState state, MeasureSpec spec, MeasureEntry entry, DateTimeOffset now)
    {
        var window = spec.Window;
        switch (window.Kind)
        {
            case WindowKind.Sliding:
                // An entry that has already left the window can never come back: time only moves forward.
                if (entry.OccurredAtMs + (long)window.Length.TotalMilliseconds <= now.ToUnixTimeMilliseconds())
                {
                    return;
                }

                state.Entries.Add(entry);
                HeldTotals.Added(state, entry);
                return;
            case WindowKind.Fixed when !window.Holds(DateTimeOffset.FromUnixTimeMilliseconds(entry.OccurredAtMs), now):
                return;
        }

        state.Count++;
        if (entry.Number is { } number)
        {
            state.Sum += number;
            state.NumericCount++;
            state.Min = state.Min is { } min && min <= number ? min : number;
            state.Max = state.Max is { } max && max >= number ? max : number;
        }

        if (spec.Aggregate == MeasureAggregate.First && (state.First is null || MeasureEntry.Compare(entry, state.First) < 0))
        {
            state.First = entry;
        }

        if (spec.Aggregate == MeasureAggregate.Last && (state.Last is null || MeasureEntry.Compare(entry, state.Last) > 0))
        {
            state.Last = entry;
        }

        if (spec.Aggregate == MeasureAggregate.Distinct && entry.Json is { } json)
        {
            (state.Distinct ??= new HashSet<string>(StringComparer.Ordinal)).Add(json);
        }
    }

    /// <summary>
    /// The value of a measure no event has counted for: what <see cref="Evaluate"/> gives for a state holding
    /// nothing, at any instant. An individual keeps no state for such a measure.
    /// </summary>
    public static string EmptyValue(MeasureSpec spec) =>
        spec.Aggregate is MeasureAggregate.Count or MeasureAggregate.Sum or MeasureAggregate.Distinct ? "0" : "null";

    /// <summary>Whether the state holds nothing, so evaluates to <see cref="EmptyValue"/> and need not be kept.</summary>
    public static bool IsEmpty(MeasureState state) => state.Entries.Count == 0 && state.Count == 0;

    /// <summary>Drops the entries that have left a sliding window for good.</summary>
    public static void Prune(MeasureState state, MeasureSpec spec, DateTimeOffset now)
    {
        if (spec.Window.Kind != WindowKind.Sliding)
        {
            return;
        }

        var gone = state.Entries.FirstAfter(now.ToUnixTimeMilliseconds() - (long)spec.Window.Length.TotalMilliseconds);
        if (gone > 0)
        {
            HeldTotals.Removing(state, 0, gone);
            state.Entries.RemoveFirst(gone);
        }
    }

    /// <summary>The value at <paramref name="now"/>, as JSON (a number, a string, or null).</summary>
    public static string Evaluate(MeasureState state, MeasureSpec spec, DateTimeOffset now)
    {
        if (spec.Window.Kind != WindowKind.Sliding)
        {
            return spec.Aggregate switch
            {
                MeasureAggregate.Count => Number(state.Count),
                MeasureAggregate.Sum => Number(state.Sum),
                MeasureAggregate.Avg => state.NumericCount == 0 ? "null" : Number(state.Sum / state.NumericCount),
                MeasureAggregate.Min => state.Min is { } min ? Number(min) : "null",
                MeasureAggregate.Max => state.Max is { } max ? Number(max) : "null",
                MeasureAggregate.Distinct => Number(state.Distinct?.Count ?? 0),
                MeasureAggregate.First => EntryValue(state.First, spec),
                _ => EntryValue(state.Last, spec),
            };
        }

        // The window is one run of the entries, kept in time order: (now - length, now]. Found by binary search,
        // and counted and summed from the totals of all held entries when the run is most of them, so a busy
        // person's value costs what lies outside the run (entries not yet pruned, or ahead of the clock), not all.
        var entries = state.Entries;
        var nowMs = now.ToUnixTimeMilliseconds();
        var from = entries.FirstAfter(nowMs - (long)spec.Window.Length.TotalMilliseconds);
        var until = entries.FirstAfter(nowMs);
        var count = until - from;
        switch (spec.Aggregate)
        {
            case MeasureAggregate.Count:
                return Number(count);
            case MeasureAggregate.Sum or MeasureAggregate.Avg:
                var (sum, numeric) = count * 2 >= entries.Count ? HeldTotals.Of(state, from, until) : Totals(entries, from, until);
                return spec.Aggregate == MeasureAggregate.Sum ? Number(sum) : numeric == 0 ? "null" : Number(sum / numeric);
            case MeasureAggregate.Min or MeasureAggregate.Max:
                decimal? extreme = null;
                foreach (var entry in entries.Range(from, until))
                {
                    if (entry.Number is { } number && (extreme is null || (spec.Aggregate == MeasureAggregate.Min ? number < extreme : number > extreme)))
                    {
                        extreme = number;
                    }
                }

                return extreme is { } value ? Number(value) : "null";
            case MeasureAggregate.Distinct:
                var distinct = new HashSet<string>(StringComparer.Ordinal);
                foreach (var entry in entries.Range(from, until))
                {
                    if (entry.Json is { } json)
                    {
                        distinct.Add(json);
                    }
                }

                return Number(distinct.Count);
            case MeasureAggregate.First:
                return EntryValue(count == 0 ? null : entries[from], spec);
            default:
                return EntryValue(count == 0 ? null : entries[until - 1], spec);
        }
    }

    /// <summary>
    /// The next instant after <paramref name="now"/> at which the value changes with no new event:
    /// the earliest exit of an entry in the window, or entry of one still ahead of it. Null when none.
    /// </summary>
    public static DateTimeOffset? NextChange(MeasureState state, MeasureSpec spec, DateTimeOffset now)
    {
        if (spec.Window.Kind != WindowKind.Sliding)
        {
            return null;
        }

        // In time order, the first entry still in the window leaves first, and the first one ahead of the clock
        // enters first; entries already out of the window change nothing more.
        var entries = state.Entries;
        var nowMs = now.ToUnixTimeMilliseconds();
        var length = (long)spec.Window.Length.TotalMilliseconds;
        var from = entries.FirstAfter(nowMs - length);
        var until = entries.FirstAfter(nowMs);
        long? next = from < until ? entries[from].OccurredAtMs + length : null;
        if (until < entries.Count && (next is null || entries[until].OccurredAtMs < next))
        {
            next = entries[until].OccurredAtMs;
        }

        return next is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>The sum and count of the numbers among entries [from, until).</summary>
    internal static (decimal Sum, long Numeric) Totals(WindowEntryCollection entries, int from, int until)
    {
        var sum = 0m;
        var numeric = 0L;
        foreach (var entry in entries.Range(from, until))
        {
            if (entry.Number is { } number)
            {
                sum += number;
                numeric++;
            }
        }

        return (sum, numeric);
    }

    public static decimal? AsDecimal(JsonElement value) => ExactNumbers.ToExact(value);

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string EntryValue(MeasureEntry? entry, MeasureSpec spec) =>
        entry is null ? "null"
        : spec.Field is null ? JsonSerializer.Serialize(DateTimeOffset.FromUnixTimeMilliseconds(entry.OccurredAtMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
        : entry.Json ?? "null";
}
