using System.Threading.RateLimiting;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Limits;

/// <summary>
/// Events per second per key, over every ingestion route: a request's events are known only once its body
/// is read and validated, so this is taken there rather than by the request limiter in front of the routes.
/// </summary>
public sealed class EventQuota : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly int _burst;
    private readonly int _rate;

    public EventQuota(IOptions<LimitOptions> options)
    {
        var limits = options.Value;
        _burst = Math.Max(1, limits.EventBurst);
        _rate = limits.EventsPerSecond;
        if (limits.EventsPerSecond > 0)
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
                new TokenBucketRateLimiterOptions
                {
                    TokenLimit = _burst,
                    TokensPerPeriod = limits.EventsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        }
    }

    /// <summary>Takes <paramref name="events"/> from the key's bucket; the 429 to answer when it holds too few.</summary>
    public ProblemHttpResult? Take(HttpContext context, int events)
    {
        if (_limiter is null || events <= 0 || KeyPartition.RateLimited(context) is not { } key)
        {
            return null;
        }

        // A request larger than the whole bucket empties it rather than being refused for ever.
        using var lease = _limiter.AttemptAcquire(key, Math.Min(events, _burst));
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return ApiProblems.TooManyRequests(context, retryAfter,
            $"This key may send {_rate} events per second (bursts of {_burst}); the request's {events} events were refused and nothing of it was stored.");
    }

    public void Dispose() => _limiter?.Dispose();
}
