using System.Diagnostics.Metrics;
using EngagementGrains.Core.Time;
using EngagementGrains.Gateway.Events;
using Microsoft.Extensions.Hosting;

namespace EngagementGrains.Dashboard.Activity;

/// <summary>
/// Listens to the "EngagementGrains" meter in this process and keeps an hour of accepted events per second and
/// a minute of ack latencies in memory: the overview's rate and percentiles, with no metrics backend.
/// </summary>
public sealed class IngestActivity(EngagementClock time) : IHostedService, IDisposable
{
    private const int Seconds = 3600;
    private const int LatencyCapacity = 8192;
    private const int NowWindow = 5;

    private readonly Lock _gate = new();
    private readonly long[] _accepted = new long[Seconds];
    private readonly long[] _stamps = new long[Seconds];
    private readonly Queue<(long Second, double Milliseconds)> _latencies = new();
    private MeterListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IngestMetrics.MeterName
                    && instrument.Name is "engagementgrains.events.accepted" or "engagementgrains.ingest.ack_latency")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Accepted(value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Latency(value));
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener?.Dispose();

    /// <summary>The figures as of now.</summary>
    public IngestSnapshot Snapshot()
    {
        var now = Now();
        var perMinute = new double[60];
        double recent = 0;
        long hour = 0;
        double[] latencies;
        lock (_gate)
        {
            for (var ago = 0; ago < Seconds; ago++)
            {
                var second = now - ago;
                var slot = Slot(second);
                if (_stamps[slot] != second)
                {
                    continue;
                }

                var count = _accepted[slot];
                hour += count;
                perMinute[59 - (ago / 60)] += count;
                // The current second is still filling: "now" is the five whole seconds before it.
                if (ago is >= 1 and <= NowWindow)
                {
                    recent += count;
                }
            }

            latencies = [.. _latencies.Where(l => l.Second > now - 60).Select(l => l.Milliseconds)];
        }

        Array.Sort(latencies);
        return new IngestSnapshot(
            recent / NowWindow,
            perMinute.Select(c => c / 60).ToArray(),
            hour,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99));
    }

    private void Accepted(long events)
    {
        var second = Now();
        var slot = Slot(second);
        lock (_gate)
        {
            if (_stamps[slot] != second)
            {
                (_stamps[slot], _accepted[slot]) = (second, 0);
            }

            _accepted[slot] += events;
        }
    }

    private void Latency(double milliseconds)
    {
        var second = Now();
        lock (_gate)
        {
            _latencies.Enqueue((second, milliseconds));
            while (_latencies.Count > LatencyCapacity || (_latencies.TryPeek(out var oldest) && oldest.Second <= second - 60))
            {
                _latencies.Dequeue();
            }
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeSeconds();

    private static int Slot(long second) => (int)(second % Seconds);

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
