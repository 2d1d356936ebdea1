using EngagementGrains.Abstractions.Audit;
using EngagementGrains.Core.Time;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace EngagementGrains.Gateway.Audit;

/// <summary>Records an admin route's every call in the audit log: who, what, on what, and the answer.</summary>
public static class AuditConventionExtensions
{
    /// <summary>
    /// Audits the route as <paramref name="action"/>, naming its target by the route value
    /// <paramref name="targetRouteValue"/> (or, when the route has none, by what the answer names: <see cref="IAuditTarget"/>).
    /// </summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, string? targetRouteValue = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var answer = result;
            while (answer is INestedHttpResult { Result: var inner })
            {
                answer = inner;
            }

            var http = context.HttpContext;
            var status = answer is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
            var target = targetRouteValue is null ? "" : http.Request.RouteValues[targetRouteValue]?.ToString() ?? "";
            if (target.Length == 0 && answer is IValueHttpResult { Value: IAuditTarget named })
            {
                target = named.AuditTarget;
            }

            var now = http.RequestServices.GetRequiredService<EngagementClock>().GetUtcNow();
            var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IAuditLogGrain>(AuditMonth.Of(now)).AppendAsync(
                new AuditEntry(now, KeyPartition.Of(http) ?? "", action, target, status));
            return result;
        });
}
