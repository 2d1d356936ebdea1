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

                var at = state.Entries.BinarySearch(entry, Comparer<MeasureEntry>.Create(MeasureEntry.Compare));
                state.Entries.Insert(at < 0 ? ~at : at, entry);
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

    /// <summary>Drops the entries that have left a sliding window for good.</summary>
    public static void Prune(MeasureState state, MeasureSpec spec, DateTimeOffset now)
    {
        if (spec.Window.Kind != WindowKind.Sliding)
        {
            return;
        }

        var cutoff = now.ToUnixTimeMilliseconds() - (long)spec.Window.Length.TotalMilliseconds;
        var gone = state.Entries.FindIndex(e => e.OccurredAtMs > cutoff);
        state.Entries.RemoveRange(0, gone < 0 ? state.Entries.Count : gone);
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

        var inWindow = state.Entries.Where(e => spec.Window.Holds(DateTimeOffset.FromUnixTimeMilliseconds(e.OccurredAtMs), now)).ToList();
        var numbers = inWindow.Where(e => e.Number is not null).Select(e => e.Number!.Value).ToList();
        return spec.Aggregate switch
        {
            MeasureAggregate.Count => Number(inWindow.Count),
            MeasureAggregate.Sum => Number(numbers.Sum()),
            MeasureAggregate.Avg => numbers.Count == 0 ? "null" : Number(numbers.Sum() / numbers.Count),
            MeasureAggregate.Min => numbers.Count == 0 ? "null" : Number(numbers.Min()),
            MeasureAggregate.Max => numbers.Count == 0 ? "null" : Number(numbers.Max()),
            MeasureAggregate.Distinct => Number(inWindow.Where(e => e.Json is not null).Select(e => e.Json).Distinct(StringComparer.Ordinal).Count()),
            MeasureAggregate.First => EntryValue(inWindow.Count == 0 ? null : inWindow[0], spec),
            _ => EntryValue(inWindow.Count == 0 ? null : inWindow[^1], spec),
        };
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

        var nowMs = now.ToUnixTimeMilliseconds();
        var length = (long)spec.Window.Length.TotalMilliseconds;
        long? next = null;
        foreach (var entry in state.Entries)
        {
            var change = entry.OccurredAtMs > nowMs ? entry.OccurredAtMs : entry.OccurredAtMs + length;
            if (change > nowMs && (next is null || change < next))
            {
                next = change;
            }
        }

        return next is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public static decimal? AsDecimal(JsonElement value) => ExactNumbers.ToExact(value);

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string EntryValue(MeasureEntry? entry, MeasureSpec spec) =>
        entry is null ? "null"
        : spec.Field is null ? JsonSerializer.Serialize(DateTimeOffset.FromUnixTimeMilliseconds(entry.OccurredAtMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
        : entry.Json ?? "null";
}
