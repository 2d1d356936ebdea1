using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Limits;

/// <summary>Puts the limits in front of the routes: header size first, then each key's request rate.</summary>
public static class LimitsApplicationBuilderExtensions
{
    /// <summary>After authentication, so a request is counted against the key it presented.</summary>
    public static IApplicationBuilder UseEngagementLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<LimitOptions>>().Value;
        app.Use(async (context, next) =>
        {
            var bytes = 0L;
            foreach (var (name, values) in context.Request.Headers)
            {
                bytes += name.Length;
                foreach (var value in values)
                {
                    bytes += value?.Length ?? 0;
                }
            }

            if (bytes > limits.MaxHeaderBytes)
            {
                await ApiProblems.HeadersTooLarge(bytes, limits.MaxHeaderBytes).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }
}
