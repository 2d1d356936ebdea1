using System.Threading.RateLimiting;
using EngagementGrains.Core.Events;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Limits;

/// <summary>Registers what one key or one connection may take: request and event rates, streams, sizes, slow senders.</summary>
public static class LimitsServiceCollectionExtensions
{
    public static IServiceCollection AddEngagementLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.SectionName);
        // The event-shape limits share the section: EngagementGrains:Limits:MaxAttributes and the like.
        services.TryAddSingleton(configuration.GetSection(LimitOptions.SectionName).Get<EventLimits>() ?? new EventLimits());
        services.AddSingleton<EventQuota>();
        services.AddSingleton<StreamQuota>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var context = rejected.HttpContext;
                var limits = context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value;
                return new ValueTask(ApiProblems.TooManyRequests(context, retryAfter,
                    $"This key may make {limits.RequestsPerSecond} requests per second (bursts of {limits.RequestBurst}); nothing of this request was stored.")
                    .ExecuteAsync(context));
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value;
                // A request without a key is refused by authentication, or is a health or documentation read.
                return KeyPartition.RateLimited(context) is not { } key || limits.RequestsPerSecond <= 0
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(1, limits.RequestBurst),
                        TokensPerPeriod = limits.RequestsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
        });

        // Kestrel's own limits are the backstop behind ours (which answer with a problem): a slow sender is cut
        // off, and headers far beyond our limit are refused before any of our code reads them. Kestrel:Limits
        // in configuration still has the last word.
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            var limits = configuration.GetSection(LimitOptions.SectionName).Get<LimitOptions>() ?? new LimitOptions();
            kestrel.Limits.MaxRequestHeadersTotalSize = Math.Max(32 * 1024, limits.MaxHeaderBytes * 2);
            kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits);
        });
        return services;
    }
}
