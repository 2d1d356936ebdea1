using EngagementGrains.Abstractions.Audit;
using EngagementGrains.Core.Time;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Audit;

/// <summary><c>GET /v1/audit?month=yyyy-MM</c> (admin): what admins did to keys, definitions and profiles.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit", ListAsync).RequireScope(Scopes.Admin).WithTags("Keys").WithName("ListAudit")
            .WithSummary("One month's admin actions (keys, definitions, erasures), oldest first; the current month by default.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(string? month, IGrainFactory grains, EngagementClock time)
    {
        var wanted = month ?? AuditMonth.Of(time.GetUtcNow());
        if (!AuditMonth.TryParse(wanted, out wanted))
        {
            return ApiProblems.BadParameter("month", "must be a month as yyyy-MM, such as 2026-12");
        }

        var entries = await grains.GetGrain<IAuditLogGrain>(wanted).ListAsync();
        return TypedResults.Ok(new AuditPage(wanted, entries
            .Select(e => new AuditRecord(ApiJson.Timestamp(e.At), e.KeyId, e.Action, e.Target, e.Status)).ToArray()));
    }
}
