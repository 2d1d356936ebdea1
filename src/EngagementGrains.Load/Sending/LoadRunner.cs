using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EngagementGrains.Load.Reporting;
using EngagementGrains.Load.Workload;
using Spectre.Console;

namespace EngagementGrains.Load.Sending;

/// <summary>
/// Sends the workload with a fixed number of requests in flight, paced to a rate or flat out, retrying
/// 5xx and connection errors with the same body as real clients do (safe: eventIds make it idempotent).
/// </summary>
public sealed class LoadRunner(LoadOptions options, WorkloadGenerator workload)
{
    private readonly LatencyRecorder _latency = new();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly Lock _generate = new();
    private long _sent;
    private long _acknowledged;
    private long _duplicates;
    private long _requests;
    private long _retries;
    private long _failed;

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Duration > TimeSpan.Zero)
        {
            stop.CancelAfter(options.Duration);
        }

        var clock = Stopwatch.StartNew();
        var progress = options.Quiet ? Task.CompletedTask : ReportProgressAsync(clock, stop.Token);
        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => SendLoopAsync(client, clock, stop.Token)).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await progress;

        var (p50, p95, p99, max) = _latency.Percentiles();
        return new LoadResult
        {
            EventsSent = _sent,
            EventsAcknowledged = _acknowledged,
            DuplicatesReported = _duplicates,
            DuplicatesExpected = workload.ExpectedDuplicates,
            Seconds = seconds,
            EventsPerSecond = _acknowledged / Math.Max(seconds, 1e-9),
            LatencyP50Ms = p50,
            LatencyP95Ms = p95,
            LatencyP99Ms = p99,
            LatencyMaxMs = max,
            Requests = _requests,
            Retries = _retries,
            Errors = new Dictionary<string, long>(_errors),
            FailedEvents = _failed,
        };
    }

    private async Task SendLoopAsync(HttpClient client, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            byte[]? body;
            int count;
            long due;
            lock (_generate)
            {
                body = workload.NextBatch(out count);
                due = _sent;
                _sent += count;
            }

            if (body is null)
            {
                return;
            }

            if (options.Rate > 0)
            {
                // Pacing: the batch that starts at event n is due at n / rate seconds.
                var wait = TimeSpan.FromSeconds(due / options.Rate) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }

            await SendAsync(client, body, count);
        }
    }

    private async Task SendAsync(HttpClient client, byte[] body, int count)
    {
        for (var attempt = 0; attempt <= options.MaxRetries; attempt++)
        {
            if (attempt > 0)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync(new Uri("/v1/events", UriKind.Relative), content);
                Interlocked.Increment(ref _requests);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    _latency.Record(Stopwatch.GetElapsedTime(started));
                    using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                    var accepted = document.RootElement.GetProperty("accepted").GetInt64();
                    var duplicates = document.RootElement.GetProperty("duplicates").GetInt64();
                    Interlocked.Add(ref _acknowledged, accepted + duplicates);
                    Interlocked.Add(ref _duplicates, duplicates);
                    return;
                }

                _errors.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // The key's rate is spent (the Host's per-key limits): wait as told; this is not a failed attempt.
                    attempt--;
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    continue;
                }

                if ((int)response.StatusCode < 500)
                {
                    break;
                }
            }
            catch (TaskCanceledException)
            {
                _errors.AddOrUpdate("timeout", 1, (_, n) => n + 1);
            }
            catch (HttpRequestException error)
            {
                _errors.AddOrUpdate("connection: " + (error.HttpRequestError.ToString()), 1, (_, n) => n + 1);
            }
        }

        Interlocked.Add(ref _failed, count);
    }

    // A live table on a terminal; plain lines when the output goes to a file or a pipe.
    private async Task ReportProgressAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            await ReportLinesAsync(clock, cancellationToken);
            return;
        }

        var table = ProgressTable(clock);
        await AnsiConsole.Live(table).StartAsync(async live =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    live.UpdateTarget(ProgressTable(clock));
                }
            }
            catch (OperationCanceledException)
            {
                live.UpdateTarget(ProgressTable(clock));
            }
        });
    }

    private Table ProgressTable(Stopwatch clock)
    {
        var acked = Interlocked.Read(ref _acknowledged);
        var (p50, _, p99, _) = _latency.Percentiles();
        var table = new Table().Border(TableBorder.Rounded).Title("engagement-load");
        table.AddColumns("elapsed", "sent", "acknowledged", "events/s", "ack p50", "ack p99", "retries", "errors");
        table.AddRow(
            FormattableString.Invariant($"{clock.Elapsed.TotalSeconds:0.0} s"),
            Interlocked.Read(ref _sent).ToString(CultureInfo.InvariantCulture),
            acked.ToString(CultureInfo.InvariantCulture),
            FormattableString.Invariant($"{acked / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):0}"),
            FormattableString.Invariant($"{p50:0.0} ms"),
            FormattableString.Invariant($"{p99:0.0} ms"),
            Interlocked.Read(ref _retries).ToString(CultureInfo.InvariantCulture),
            _errors.IsEmpty ? "0" : Markup.Escape(string.Join(", ", _errors.Select(e => $"{e.Key}: {e.Value}"))));
        return table;
    }

    private async Task ReportLinesAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var acked = Interlocked.Read(ref _acknowledged);
                await Console.Error.WriteLineAsync(FormattableString.Invariant(
                    $"{clock.Elapsed.TotalSeconds,6:0.0}s  sent {Interlocked.Read(ref _sent),9}  acked {acked,9}  {acked / clock.Elapsed.TotalSeconds,8:0} ev/s  errors {_errors.Values.Sum()}"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
