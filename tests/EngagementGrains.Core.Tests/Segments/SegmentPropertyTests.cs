using System.Globalization;
using System.Text;
using System.Text.Json;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Core.Segments;
using EngagementGrains.Core.Tests.Measures;
using FsCheck.Xunit;

namespace EngagementGrains.Core.Tests.Segments;

/// <summary>
/// Membership kept incrementally (events folded in random arrival order, values refreshed as time moves)
/// against a recompute from the raw events, for random conditions drawn from the language, at random instants.
/// </summary>
public sealed class SegmentPropertyTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] s_types = ["EmailSent", "EmailOpened", "Purchase"];
    private static readonly ProfileFolding s_folding = new(EventCatalog.Default);

    private static string RandomCondition(Random random, int depth)
    {
        var pick = depth >= 3 ? random.Next(3, 8) : random.Next(8);
        string Children() => string.Join(',', Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomCondition(random, depth + 1)));
        var within = new[] { "", ",\"within\":\"90m\"", ",\"within\":\"12h\"", ",\"within\":\"3d\"" }[random.Next(4)];
        var type = s_types[random.Next(s_types.Length)];
        return pick switch
        {
            0 => $"{{\"all\":[{Children()}]}}",
            1 => $"{{\"any\":[{Children()}]}}",
            2 => $"{{\"not\":{RandomCondition(random, depth + 1)}}}",
            3 => $"{{\"event\":\"{type}\"{within},\"count\":{{\"gte\":{random.Next(1, 4)}}}}}",
            4 => $"{{\"event\":\"{type}\"{within},\"where\":{{\"tag\":{{\"in\":[\"a\",\"b\"]}}}}}}",
            5 => $"{{\"event\":[\"Purchase\",\"EmailOpened\"]{within},\"aggregate\":\"sum\",\"field\":\"amount\",\"gte\":{random.Next(5, 60)}}}",
            6 => $"{{\"attribute\":\"customerType\",\"eq\":\"vip\"}}",
            _ => "{\"consent\":\"sms\",\"eq\":\"unsubscribed\"}",
        };
    }

    private static StoredEvent RandomEvent(Random random, long sequence, DateTimeOffset arrival)
    {
        var kind = random.Next(10);
        // Unique milliseconds per event: "newest wins" rules then have no ties to break.
        var occurredAt = arrival - TimeSpan.FromMinutes(random.Next(0, kind < 7 ? 600 : 5000)) + TimeSpan.FromMilliseconds(sequence);
        var (type, attributes) = kind switch
        {
            < 6 => (s_types[random.Next(3)], $"{{\"amount\":{random.Next(0, 30)},\"tag\":\"{(char)('a' + random.Next(3))}\"}}"),
            6 => ("CustomerInfo", $"{{\"customerType\":\"{(random.Next(2) == 0 ? "vip" : "regular")}\"}}"),
            7 => ("Unsubscribe", "{}"),
            8 => ("Subscribe", "{}"),
            _ => ("EmailOpened", "{}"),
        };
        return new StoredEvent(sequence, new EngagementEvent { EventId = "e" + sequence, Type = type, OccurredAt = occurredAt, Channel = "x", AttributesJson = attributes });
    }

    [Property(MaxTest = 1000)]
    public bool Membership_equals_the_recompute_from_raw_events_at_random_instants(int seed)
    {
        var random = new Random(seed);
        var json = RandomCondition(random, 0);
        var definitions = new DefinitionSet(1, [new Definition { Name = "s", Version = 1, Json = json, UpdatedAt = s_start }]);
        var segments = SegmentSet.From(definitions);
        var measures = MeasureSet.From(new DefinitionSet(0, []), segments);
        var spec = segments.Segments["s"].Spec;
        var state = new IndividualState();
        MeasureFolding.Recompute(state, measures, MeasureFolding.Stale(state, measures), [], s_start);

        var seen = new List<StoredEvent>();
        var now = s_start;
        for (var i = 1; i <= random.Next(1, 30); i++)
        {
            now += TimeSpan.FromMinutes(random.Next(0, 300));
            var stored = RandomEvent(random, i, now);
            seen.Add(stored);
            s_folding.Apply(state, stored);
            MeasureFolding.Apply(state, measures, stored, now);

            // Sometimes time passes with no event, sometimes we look right after the event.
            if (random.Next(2) == 0)
            {
                now += TimeSpan.FromMinutes(random.Next(0, 24 * 60));
            }

            MeasureFolding.Refresh(state, measures, now);
            SegmentFolding.Apply(state, SegmentFolding.Evaluate(state, segments, measures, now));
            if (state.Memberships.ContainsKey("s") != SegmentOracle.Holds(spec.Root, seen, now))
            {
                return false;
            }
        }

        return true;
    }
}
