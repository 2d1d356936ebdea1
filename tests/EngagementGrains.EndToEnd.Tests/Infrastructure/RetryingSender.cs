using System.Net;
using System.Text.Json.Nodes;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Sends event batches as a real client does: a batch answered 5xx, or not answered at all, is sent again
/// with the same event ids until it is acknowledged; counts what happened on the way.
/// </summary>
internal sealed class RetryingSender(HttpClient client, TimeSpan giveUpAfter)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(DateTime At, TimeSpan Took)> _latencies = new();
    private int _retries;
    private int _unavailable;
    private int _withoutRetryAfter;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _failureReasons = new();

    public int Retries => _retries;

    /// <summary>Answers that said "unavailable" (503) on the way.</summary>
    public int Unavailable => _unavailable;

    /// <summary>503 answers that did not say when to retry.</summary>
    public int UnavailableWithoutRetryAfter => _withoutRetryAfter;

    /// <summary>Failed answers of any kind (what a client without retries would have seen).</summary>
    public int Failures => _retries;

    /// <summary>What each failed answer was (status and body, or the exception), oldest first, for assertion messages.</summary>
    public IReadOnlyCollection<string> FailureReasons => _failureReasons;

    /// <summary>When each acknowledged batch was sent and how long it took to its 202, retries included.</summary>
    public IReadOnlyCollection<(DateTime At, TimeSpan Took)> Latencies => _latencies;

    /// <summary>Sends until a 202; returns the acknowledgement. A 429 waits its Retry-After; any other 4xx is a test failure, not a retry.</summary>
    public async Task<JsonObject> SendAsync(string batchJson, CancellationToken cancellationToken = default)
    {
        var started = DateTime.UtcNow;
        var deadline = started + giveUpAfter;
        while (true)
        {
            try
            {
                using var response = await client.PostAsync(new Uri("/v1/events", UriKind.Relative), Api.Json(batchJson), cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var ack = (await response.ReadObjectAsync())!;
                    _latencies.Enqueue((started, DateTime.UtcNow - started));
                    return ack;
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                _failureReasons.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {(int)response.StatusCode} {body}");

                // The key's share is spent: a well-behaved client waits as long as it is told, then sends again.
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Interlocked.Increment(ref _retries);
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                }

                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"The batch was refused: {(int)response.StatusCode} {body}");
                }

                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _unavailable);
                    if (response.Headers.RetryAfter is null)
                    {
                        Interlocked.Increment(ref _withoutRetryAfter);
                    }
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                _failureReasons.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {error.GetType().Name}: {error.Message}");
            }

            Interlocked.Increment(ref _retries);
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"A batch was not acknowledged within {giveUpAfter.TotalSeconds:0}s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
