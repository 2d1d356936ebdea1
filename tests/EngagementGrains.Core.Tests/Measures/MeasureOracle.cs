using System.Globalization;
using System.Text.Json;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Measures;

namespace EngagementGrains.Core.Tests.Measures;

/// <summary>The obvious reference: recompute a measure from the raw events with plain LINQ.</summary>
internal static class MeasureOracle
{
    public static string Compute(MeasureSpec spec, IEnumerable<StoredEvent> events, DateTimeOffset now)
    {
        var matching = events
            .Select(e => (Stored: e, Attributes: JsonDocument.Parse(e.Event.AttributesJson).RootElement))
            .Where(x => spec.EventTypes.Contains(x.Stored.Event.Type) && spec.Where.Matches(x.Attributes))
            .Where(x => spec.Window.Kind switch
            {
                WindowKind.Sliding => x.Stored.Event.OccurredAt > now - spec.Window.Length && x.Stored.Event.OccurredAt <= now,
                WindowKind.Fixed => (spec.Window.From is null || x.Stored.Event.OccurredAt >= spec.Window.From)
                    && (spec.Window.To is null || x.Stored.Event.OccurredAt < spec.Window.To),
                _ => true,
            })
            .Select(x => (x.Stored, Value: spec.Field is null ? (JsonElement?)null
                : x.Attributes.TryGetProperty(spec.Field, out var v) && v.ValueKind != JsonValueKind.Null ? v : null))
            .Where(x => spec.Field is null || x.Value is not null)
            .Select(x => (x.Stored, x.Value, Number: x.Value is { } v ? MeasureAccumulator.AsDecimal(v) : null))
            .Where(x => x.Number is not null || spec.Aggregate is not (MeasureAggregate.Sum or MeasureAggregate.Avg or MeasureAggregate.Min or MeasureAggregate.Max))
            .OrderBy(x => x.Stored.Event.OccurredAt).ThenBy(x => x.Stored.Sequence)
            .ToList();

        var numbers = matching.Where(x => x.Number is not null).Select(x => x.Number!.Value).ToList();
        string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        string Pick((StoredEvent Stored, JsonElement? Value, decimal? Number) x) => spec.Field is null
            ? JsonSerializer.Serialize(x.Stored.Event.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            : x.Value!.Value.GetRawText();
        return spec.Aggregate switch
        {
            MeasureAggregate.Count => N(matching.Count),
            MeasureAggregate.Sum => N(numbers.Sum()),
            MeasureAggregate.Avg => numbers.Count == 0 ? "null" : N(numbers.Sum() / numbers.Count),
            MeasureAggregate.Min => numbers.Count == 0 ? "null" : N(numbers.Min()),
            MeasureAggregate.Max => numbers.Count == 0 ? "null" : N(numbers.Max()),
            MeasureAggregate.Distinct => N(matching.Select(x => x.Value!.Value.GetRawText()).Distinct(StringComparer.Ordinal).Count()),
            MeasureAggregate.First => matching.Count == 0 ? "null" : Pick(matching[0]),
            _ => matching.Count == 0 ? "null" : Pick(matching[^1]),
        };
    }
}
