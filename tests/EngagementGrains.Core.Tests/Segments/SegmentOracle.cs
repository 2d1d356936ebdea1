using System.Text.Json;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Segments;
using EngagementGrains.Core.Tests.Measures;

namespace EngagementGrains.Core.Tests.Segments;

/// <summary>
/// The obvious reference for a segment condition: recompute it from the raw events with plain LINQ (attributes
/// from CustomerInfo events, consent from Subscribe/Unsubscribe, behaviour through <see cref="MeasureOracle"/>).
/// </summary>
internal static class SegmentOracle
{
    /// <summary>Whether the condition holds; <paramref name="measures"/> and <paramref name="segments"/> resolve named references.</summary>
    public static bool Holds(
        SegmentCondition condition, IReadOnlyList<StoredEvent> events, DateTimeOffset now,
        Func<string, MeasureSpec?>? measures = null, Func<string, bool>? segments = null)
    {
        JsonElement? Latest(string type, string field) => events
            .Where(e => e.Event.Type == type && e.Event.OccurredAt <= DateTimeOffset.MaxValue)
            .OrderBy(e => e.Event.OccurredAt)
            .Select(e => JsonDocument.Parse(e.Event.AttributesJson).RootElement)
            .Where(a => a.TryGetProperty(field, out _))
            .Select(a => (JsonElement?)a.GetProperty(field).Clone())
            .LastOrDefault();

        JsonElement? Number(string json) => json == "null" ? null : JsonDocument.Parse(json).RootElement.Clone();
        return condition switch
        {
            AllCondition all => all.Children.All(c => Holds(c, events, now, measures, segments)),
            AnyCondition any => any.Children.Any(c => Holds(c, events, now, measures, segments)),
            NotCondition not => !Holds(not.Child, events, now, measures, segments),
            MeasureCondition m => measures?.Invoke(m.Measure) is { } spec
                ? m.Predicates.All(p => p.Matches(Number(MeasureOracle.Compute(spec, events, now))))
                : m.Predicates.All(p => p.Matches((JsonElement?)null)),
            SegmentReferenceCondition r => segments?.Invoke(r.Segment) ?? false,
            BehaviorCondition b => b.Predicates.All(p => p.Matches(Number(MeasureOracle.Compute(b.Measure, events, now)))),
            AttributeCondition a => a.Predicates.All(p => p.Matches(Latest("CustomerInfo", a.Attribute))),
            ConsentCondition c => c.Predicates.All(p => p.Matches(events
                .Where(e => e.Event.Type is "Subscribe" or "Unsubscribe")
                .OrderBy(e => e.Event.OccurredAt)
                .Select(e => (JsonElement?)JsonSerializer.SerializeToElement(e.Event.Type == "Subscribe" ? "subscribed" : "unsubscribed"))
                .LastOrDefault())),
            _ => false,
        };
    }
}
