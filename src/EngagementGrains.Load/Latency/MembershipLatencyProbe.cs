using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EngagementGrains.Load.Reporting;

namespace EngagementGrains.Load.Latency;

/// <summary>
/// Measures event-to-membership latency and the lag of time-only exits through the real change feed.
/// Each probe individual gets one event of <see cref="ProbeType"/> dated <see cref="Age"/> ago; the probe
/// segment (<c>{"event":"BenchProbe","within":"1m"}</c>) must send its enter at once and its exit exactly
/// when the event is a minute old, with no further event.
/// </summary>
public sealed class MembershipLatencyProbe(Uri url, string key, string segment, int probes, double perSecond, string runId)
{
    public const string ProbeType = "BenchProbe";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Age = TimeSpan.FromSeconds(50);

    private readonly ConcurrentDictionary<string, (long SentTicks, DateTimeOffset ExitDue)> _sent = new(StringComparer.Ordinal);
    private readonly LatencyRecorder _enter = new();
    private readonly LatencyRecorder _exit = new();
    private int _entered;
    private int _exited;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/segments/{segment}/changes", UriKind.Relative));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
        response.EnsureSuccessStatusCode();
        var reader = ReadFeedAsync(await response.Content.ReadAsStreamAsync(stop.Token), stop.Token);

        for (var n = 0; n < probes; n++)
        {
            var id = $"ind-probe-{runId}-{n}";
            var occurredAt = DateTimeOffset.UtcNow - Age;
            var body = string.Create(CultureInfo.InvariantCulture,
                $"{{\"eventId\":\"p\",\"type\":\"{ProbeType}\",\"occurredAt\":{occurredAt.ToUnixTimeMilliseconds()},\"individualId\":\"{id}\"}}");
            _sent[id] = (Stopwatch.GetTimestamp(), occurredAt + Window);
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var posted = await client.PostAsync(new Uri("/v1/events", UriKind.Relative), content, stop.Token);
            posted.EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(1 / perSecond), stop.Token);
        }

        // Every exit is due at most Window - Age after the last probe; allow the contract's 2 seconds and more.
        var deadline = DateTime.UtcNow + (Window - Age) + TimeSpan.FromSeconds(15);
        while ((_entered < probes || _exited < probes) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, stop.Token);
        }

        await stop.CancelAsync();
        await reader;
        var (e50, _, e99, emax) = _enter.Percentiles();
        var (x50, _, x99, xmax) = _exit.Percentiles();
        return new ProbeResult(probes, _entered, _exited, e50, e99, emax, x50, x99, xmax);
    }

    private async Task ReadFeedAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(stream);
            var kind = "";
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    using var data = JsonDocument.Parse(line[6..]);
                    var id = data.RootElement.GetProperty("individualId").GetString()!;
                    if (!_sent.TryGetValue(id, out var sent))
                    {
                        continue;
                    }

                    if (kind == "enter")
                    {
                        _enter.Record(Stopwatch.GetElapsedTime(sent.SentTicks));
                        Interlocked.Increment(ref _entered);
                    }
                    else
                    {
                        _exit.Record(DateTimeOffset.UtcNow - sent.ExitDue);
                        Interlocked.Increment(ref _exited);
                    }
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException)
        {
        }
    }
}
