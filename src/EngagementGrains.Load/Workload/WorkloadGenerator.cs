using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace EngagementGrains.Load.Workload;

/// <summary>
/// A deterministic engagement stream for a seed: skewed activity (a few individuals very active, most
/// rare), occurredAt spread over the history and drifting to now, some late events and some repeats.
/// </summary>
public sealed class WorkloadGenerator(WorkloadOptions options, DateTimeOffset now)
{
    private readonly Random _random = new(options.Seed);
    private readonly List<byte[]> _sent = [];
    private readonly Dictionary<int, DateTimeOffset> _lastSeen = [];
    private long _next;

    /// <summary>Events generated that repeat an earlier one.</summary>
    public long ExpectedDuplicates { get; private set; }

    public long Generated => _next;

    /// <summary>Receives every event as it is generated (to write the same stream for other systems).</summary>
    public Action<byte[]>? Sink { get; set; }

    /// <summary>The next batch as a JSON array, or null when the workload is exhausted.</summary>
    public byte[]? NextBatch(out int count)
    {
        count = (int)Math.Min(options.BatchSize, options.Events - _next);
        if (count <= 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(count * 256);
        buffer.Write("["u8);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            var json = NextEvent();
            Sink?.Invoke(json);
            buffer.Write(json);
        }

        buffer.Write("]"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One event as JSON bytes.</summary>
    public byte[] NextEvent()
    {
        _next++;
        if (_sent.Count > 0 && _random.NextDouble() < options.Duplicates)
        {
            ExpectedDuplicates++;
            return _sent[_random.Next(_sent.Count)];
        }

        var individual = SkewedIndividual();
        var occurredAt = OccurredAt(individual);
        var type = EventMix.Pick(_random);
        var json = Encode(type, individual, occurredAt);
        if (_sent.Count < 100_000)
        {
            _sent.Add(json);
        }
        else
        {
            _sent[_random.Next(_sent.Count)] = json;
        }

        return json;
    }

    // Zipf-like: squaring a uniform draw puts most events on the low ids.
    private int SkewedIndividual()
    {
        var u = _random.NextDouble();
        return (int)(u * u * options.Individuals);
    }

    private DateTimeOffset OccurredAt(int individual)
    {
        var progress = (double)_next / Math.Max(1, options.Events);
        var drift = now - options.History + TimeSpan.FromTicks((long)(options.History.Ticks * progress));
        var at = drift - TimeSpan.FromMinutes(_random.Next(0, 600));
        if (_lastSeen.TryGetValue(individual, out var last) && _random.NextDouble() < options.Late)
        {
            at = last - TimeSpan.FromHours(_random.Next(1, 24 * 7));
        }

        at = at > now ? now : at;
        _lastSeen[individual] = at > last ? at : last;
        return at;
    }

    private byte[] Encode(string type, int individual, DateTimeOffset occurredAt)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("eventId", string.Create(CultureInfo.InvariantCulture, $"{options.RunId}-{options.Seed}-{_next}"));
            writer.WriteString("type", type);
            writer.WriteString("occurredAt", occurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            if (options.Identities)
            {
                writer.WriteStartObject("identities");
                writer.WriteString("email", string.Create(CultureInfo.InvariantCulture, $"{options.RunId}-user{individual}@example.com"));
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("individualId", string.Create(CultureInfo.InvariantCulture, $"ind-{options.RunId}-{individual}"));
            }

            writer.WriteStartObject("attributes");
            WriteAttributes(writer, type);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteAttributes(Utf8JsonWriter writer, string type)
    {
        switch (type)
        {
            case var t when t.StartsWith("Email", StringComparison.Ordinal):
                writer.WriteString("campaignId", "c-" + _random.Next(20).ToString(CultureInfo.InvariantCulture));
                if (t == "EmailClicked")
                {
                    writer.WriteString("linkUrl", _random.Next(3) == 0 ? "https://shop.example/product/" + _random.Next(500) : "https://shop.example/news");
                }

                break;
            case "OrderPlaced":
                writer.WriteString("orderId", "o-" + _next.ToString(CultureInfo.InvariantCulture));
                writer.WriteNumber("total", Math.Round(_random.NextDouble() * 300, 2));
                writer.WriteString("currency", "USD");
                break;
            case "Purchase":
                // LivePerson sends totals as strings; the engine coerces them.
                writer.WriteString("total", Math.Round(_random.NextDouble() * 300, 2).ToString("0.0#", CultureInfo.InvariantCulture));
                writer.WriteString("currency", "USD");
                writer.WriteString("orderId", "lp-" + _next.ToString(CultureInfo.InvariantCulture));
                break;
            case "SmsLinkClicked":
                writer.WriteString("linkUrl", "https://shop.example/sms/" + _random.Next(50));
                break;
            case "WebsiteVisited":
                writer.WriteString("pageUrl", "https://shop.example/p/" + _random.Next(200));
                break;
            default:
                writer.WriteString("campaignId", "c-" + _random.Next(20).ToString(CultureInfo.InvariantCulture));
                break;
        }
    }
}
