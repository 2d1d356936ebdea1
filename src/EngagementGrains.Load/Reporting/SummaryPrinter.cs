using System.Globalization;
using System.Text.Json;

namespace EngagementGrains.Load.Reporting;

/// <summary>Prints a run's figures as a table, and writes them as JSON when asked.</summary>
public static class SummaryPrinter
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Print(LoadResult result, TextWriter output)
    {
        var rows = new (string, string)[]
        {
            ("events sent", result.EventsSent.ToString(CultureInfo.InvariantCulture)),
            ("events acknowledged", result.EventsAcknowledged.ToString(CultureInfo.InvariantCulture)),
            ("duplicates reported / expected", $"{result.DuplicatesReported} / {result.DuplicatesExpected}"),
            ("wall time", $"{result.Seconds:0.00} s"),
            ("events/s acknowledged", result.EventsPerSecond.ToString("0", CultureInfo.InvariantCulture)),
            ("ack latency p50 / p95 / p99 / max", FormattableString.Invariant($"{result.LatencyP50Ms:0.0} / {result.LatencyP95Ms:0.0} / {result.LatencyP99Ms:0.0} / {result.LatencyMaxMs:0.0} ms")),
            ("requests / retries", $"{result.Requests} / {result.Retries}"),
            ("events failed", result.FailedEvents.ToString(CultureInfo.InvariantCulture)),
            ("errors", result.Errors.Count == 0 ? "none" : string.Join(", ", result.Errors.Select(e => $"{e.Key}: {e.Value}"))),
        };
        var width = rows.Max(r => r.Item1.Length);
        foreach (var (name, value) in rows)
        {
            output.WriteLine($"{name.PadRight(width)}  {value}");
        }
    }

    public static Task WriteJsonAsync(LoadResult result, string path) =>
        File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, s_json));
}
