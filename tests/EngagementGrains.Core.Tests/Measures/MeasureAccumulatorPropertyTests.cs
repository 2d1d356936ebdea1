using System.Globalization;
using System.Text.Json;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Measures;
using FsCheck.Xunit;

namespace EngagementGrains.Core.Tests.Measures;

/// <summary>
/// Every aggregate and window kind against the LINQ recompute, over random streams with shuffled order,
/// late events and the clock moved forward between arrivals and after the last one.
/// </summary>
public sealed class MeasureAccumulatorPropertyTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] s_types = ["EmailOpened", "Purchase", "SmsLinkClicked"];

    private static MeasureSpec RandomSpec(Random random)
    {
        var aggregate = (MeasureAggregate)random.Next(8);
        var windows = new[] { "\"lifetime\"", "\"90m\"", "\"12h\"", "\"3d\"", "\"10d\"",
            $"{{\"from\":\"{s_start.AddDays(2):O}\",\"to\":\"{s_start.AddDays(6):O}\"}}" };
        var field = aggregate is MeasureAggregate.Count ? (random.Next(3) == 0 ? "\"amount\"" : null)
            : aggregate is MeasureAggregate.First or MeasureAggregate.Last && random.Next(2) == 0 ? null
            : random.Next(4) == 0 ? "\"tag\"" : "\"amount\"";
        var events = random.Next(2) == 0 ? $"\"{s_types[random.Next(3)]}\"" : "[\"EmailOpened\",\"Purchase\"]";
        var where = random.Next(3) switch
        {
            0 => "",
            1 => ",\"where\":{\"tag\":{\"in\":[\"a\",\"b\"]}}",
            _ => ",\"where\":{\"amount\":{\"gte\":10}}",
        };
        var json = $"{{\"event\":{events},\"aggregate\":\"{aggregate.ToString().ToLowerInvariant()}\""
            + (field is null ? "" : $",\"field\":{field}") + $",\"within\":{windows[random.Next(windows.Length)]}{where}}}";
        using var document = JsonDocument.Parse(json);
        var errors = new List<DefinitionError>();
        return MeasureSpec.Parse("m", document.RootElement, errors) ?? throw new InvalidOperationException(json + string.Join(';', errors));
    }

    private static StoredEvent RandomEvent(Random random, long sequence, DateTimeOffset arrival)
    {
        // Mostly recent, some late (days old), a few slightly ahead of the clock.
        var occurredAt = random.Next(10) switch
        {
            < 6 => arrival - TimeSpan.FromMinutes(random.Next(0, 600)),
            < 9 => arrival - TimeSpan.FromHours(random.Next(0, 24 * 12)),
            _ => arrival + TimeSpan.FromMinutes(random.Next(1, 90)),
        };
        var amount = random.Next(4) switch
        {
            0 => "",
            1 => $",\"amount\":\"{random.Next(0, 50)}.{random.Next(0, 99)}\"",
            _ => $",\"amount\":{random.Next(0, 50)}.{random.Next(0, 9)}",
        };
        var tag = random.Next(3) == 0 ? "" : $",\"tag\":\"{(char)('a' + random.Next(4))}\"";
        return new StoredEvent(sequence, new EngagementEvent
        {
            EventId = "e" + sequence,
            Type = s_types[random.Next(s_types.Length)],
            OccurredAt = occurredAt,
            Channel = "x",
            AttributesJson = "{\"n\":1" + amount + tag + "}",
        });
    }

    [Property(MaxTest = 2000)]
    public bool Incremental_value_equals_the_recompute_at_every_instant(int seed)
    {
        var random = new Random(seed);
        var spec = RandomSpec(random);
        var state = new MeasureState();
        var seen = new List<StoredEvent>();
        var now = s_start.AddDays(random.Next(0, 8));
        var count = random.Next(0, 40);
        for (var i = 1; i <= count; i++)
        {
            now += TimeSpan.FromMinutes(random.Next(0, 240));
            var stored = RandomEvent(random, i, now);
            seen.Add(stored);
            using var attributes = JsonDocument.Parse(stored.Event.AttributesJson);
            if (MeasureAccumulator.Match(spec, stored, attributes.RootElement) is { } entry)
            {
                MeasureAccumulator.Add(state, spec, entry, now);
            }

            if (random.Next(3) == 0)
            {
                MeasureAccumulator.Prune(state, spec, now);
            }

            if (MeasureAccumulator.Evaluate(state, spec, now) != MeasureOracle.Compute(spec, seen, now))
            {
                return false;
            }
        }

        // Time alone: the value must follow the recompute, and not change before the announced next change.
        for (var step = 0; step < 5; step++)
        {
            var next = MeasureAccumulator.NextChange(state, spec, now);
            var later = now + TimeSpan.FromMinutes(random.Next(1, 60 * 24 * 4));
            if (next is { } change && change > now)
            {
                var justBefore = change - TimeSpan.FromMilliseconds(1);
                if (MeasureOracle.Compute(spec, seen, justBefore) != MeasureOracle.Compute(spec, seen, now))
                {
                    return false;
                }
            }

            now = random.Next(2) == 0 && next is { } n ? n : later;
            MeasureAccumulator.Prune(state, spec, now);
            if (MeasureAccumulator.Evaluate(state, spec, now) != MeasureOracle.Compute(spec, seen, now))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Seed_case_email_opens_in_60_days_falls_as_the_window_slides()
    {
        using var document = JsonDocument.Parse("""{"event":"EmailOpened","aggregate":"count","within":"60d"}""");
        var spec = MeasureSpec.Parse("email_opens_60d", document.RootElement, [])!;
        var state = new MeasureState();
        var now = s_start.AddDays(100);
        foreach (var (days, sequence) in new[] { (59, 1L), (10, 2L), (61, 3L) })
        {
            var stored = new StoredEvent(sequence, new EngagementEvent { EventId = $"o{sequence}", Type = "EmailOpened", OccurredAt = now.AddDays(-days), Channel = "email" });
            MeasureAccumulator.Add(state, spec, MeasureAccumulator.Match(spec, stored, default)!, now);
        }

        Assert.Equal("2", MeasureAccumulator.Evaluate(state, spec, now));
        var next = MeasureAccumulator.NextChange(state, spec, now);
        Assert.Equal(now.AddDays(1), next);
        Assert.Equal("1", MeasureAccumulator.Evaluate(state, spec, next!.Value));
    }

    [Fact]
    public void Seed_case_purchase_totals_sent_as_strings_sum_exactly()
    {
        using var document = JsonDocument.Parse("""{"event":["Purchase","OrderPlaced"],"aggregate":"sum","field":"total","within":"365d","where":{"currency":{"eq":"USD"}}}""");
        var spec = MeasureSpec.Parse("ltv", document.RootElement, [])!;
        var state = new MeasureState();
        var now = s_start.AddDays(10);
        var totals = new[] { ("\"78.0\"", "USD"), ("11.7", "USD"), ("\"0.1\"", "USD"), ("\"0.2\"", "USD"), ("\"999\"", "EUR") };
        for (var i = 0; i < totals.Length; i++)
        {
            var stored = new StoredEvent(i + 1, new EngagementEvent
            {
                EventId = $"p{i}",
                Type = i % 2 == 0 ? "Purchase" : "OrderPlaced",
                OccurredAt = now.AddDays(-i),
                Channel = "commerce",
                AttributesJson = $"{{\"total\":{totals[i].Item1},\"currency\":\"{totals[i].Item2}\"}}",
            });
            using var attributes = JsonDocument.Parse(stored.Event.AttributesJson);
            if (MeasureAccumulator.Match(spec, stored, attributes.RootElement) is { } entry)
            {
                MeasureAccumulator.Add(state, spec, entry, now);
            }
        }

        Assert.Equal(90.0m, decimal.Parse(MeasureAccumulator.Evaluate(state, spec, now), CultureInfo.InvariantCulture));
    }
}
