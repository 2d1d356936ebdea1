using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.PartitionTests.Infrastructure;

/// <summary>
/// Clients sending 5-event batches to the gateway without pause, as real clients do: a batch answered 5xx,
/// or not answered, is sent again with the same event ids until it is acknowledged. Every attempt is kept
/// (when it started, how long it took, its status) so a test can say when the service answered again.
/// Half of the events are opens, the other half sends, over <c>people</c> individuals.
/// </summary>
internal sealed class SteadyLoad : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly string _prefix;
    private readonly int _people;
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly ConcurrentDictionary<long, DateTime> _inFlight = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _workers;
    private int _nextEvent;
    private long _nextAttempt;

    private SteadyLoad(HttpClient client, string prefix, int people, int workers)
    {
        _client = client;
        _prefix = prefix;
        _people = people;
        _workers = Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => WorkAsync(worker))));
    }

    /// <summary>Every attempt so far.</summary>
    public IReadOnlyCollection<Attempt> Attempts => _attempts;

    /// <summary>Events in batches that were acknowledged (after <see cref="StopAsync"/>: every event sent).</summary>
    public int Acknowledged { get; private set; }

    public static SteadyLoad Start(HttpClient client, string prefix, int people = 300, int workers = 4) => new(client, prefix, people, workers);

    public int AcknowledgedAttempts => _attempts.Count(a => a.Status == (int)HttpStatusCode.Accepted);

    /// <summary>Stops sending new batches and waits until every batch begun is acknowledged.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _workers;
    }

    /// <summary>
    /// How long after <paramref name="from"/> the service stopped answering: the end of the last whole second,
    /// up to <paramref name="until"/>, in which no batch was acknowledged (zero when there was none). The load
    /// is a closed loop, so a stall shows as seconds without acknowledgements, not as slow answers alone.
    /// </summary>
    public TimeSpan ServedAgainAfter(DateTime from, DateTime until)
    {
        var acknowledged = AcknowledgementsPerSecond(from, until);
        var last = Array.FindLastIndex(acknowledged, count => count == 0);
        return TimeSpan.FromSeconds(last + 1);
    }

    /// <summary>Batches acknowledged in each second from <paramref name="from"/>, as "count count …".</summary>
    public string Timeline(DateTime from, DateTime until) => string.Join(' ', AcknowledgementsPerSecond(from, until));

    /// <summary>The longest single attempt that was under way at or after <paramref name="from"/>, unanswered ones included.</summary>
    public TimeSpan LongestWaitAfter(DateTime from) =>
        WithUnanswered().Where(a => a.Start + a.Took >= from).Select(a => a.Took).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>Attempts answered other than 202 (or not at all) that ended at or after <paramref name="from"/>, by status.</summary>
    public string FailuresAfter(DateTime from)
    {
        var failed = _attempts.Where(a => a.Start + a.Took >= from && a.Status != (int)HttpStatusCode.Accepted).ToArray();
        var total = _attempts.Count(a => a.Start + a.Took >= from);
        return failed.Length == 0 ? $"0 of {total} attempts failed"
            : $"{failed.Length} of {total} attempts failed ({string.Join(", ", failed.GroupBy(f => f.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()}x {(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))}"))})";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            // A test that failed midway: the workers stop at their next batch, whatever its answer.
            await _stop.CancelAsync();
            await Task.WhenAny(_workers, Task.Delay(TimeSpan.FromSeconds(30)));
        }

        _stop.Dispose();
    }

    private int[] AcknowledgementsPerSecond(DateTime from, DateTime until)
    {
        var seconds = new int[Math.Max(0, (int)(until - from).TotalSeconds)];
        foreach (var attempt in _attempts.Where(a => a.Status == (int)HttpStatusCode.Accepted))
        {
            var second = (int)Math.Floor((attempt.Start + attempt.Took - from).TotalSeconds);
            if (second >= 0 && second < seconds.Length)
            {
                seconds[second]++;
            }
        }

        return seconds;
    }

    // Attempts still waiting count as answered "none" so far: a request that hangs is what a partition costs.
    private IEnumerable<Attempt> WithUnanswered()
    {
        var now = DateTime.UtcNow;
        return _attempts.Concat(_inFlight.Values.Select(start => new Attempt(start, now - start, 0)));
    }

    private async Task WorkAsync(int worker)
    {
        var random = new Random(worker);
        while (!_stop.IsCancellationRequested)
        {
            var events = new JsonArray();
            for (var i = 0; i < 5; i++)
            {
                events.Add(new JsonObject
                {
                    ["eventId"] = $"e{Interlocked.Increment(ref _nextEvent)}",
                    ["type"] = random.Next(2) == 0 ? "EmailOpened" : "EmailSent",
                    ["occurredAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture),
                    ["individualId"] = $"{_prefix}-{random.Next(_people):D5}",
                });
            }

            await SendAsync(events.ToJsonString(), events.Count);
        }
    }

    private async Task SendAsync(string json, int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var started = DateTime.UtcNow;
            var attempt = Interlocked.Increment(ref _nextAttempt);
            _inFlight[attempt] = started;
            int status;
            try
            {
                using var response = await _client.PostAsync(new Uri("/v1/events", UriKind.Relative), Api.Json(json));
                status = (int)response.StatusCode;
                if (status is >= 400 and < 500)
                {
                    throw new InvalidOperationException($"A batch was refused: {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }

            _attempts.Enqueue(new Attempt(started, DateTime.UtcNow - started, status));
            _inFlight.TryRemove(attempt, out _);
            if (status == (int)HttpStatusCode.Accepted)
            {
                lock (_attempts)
                {
                    Acknowledged += count;
                }

                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("A batch was not acknowledged within 3 minutes.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>One request: when it started, how long until its answer, and the status (0 for none).</summary>
    internal sealed record Attempt(DateTime Start, TimeSpan Took, int Status);
}
