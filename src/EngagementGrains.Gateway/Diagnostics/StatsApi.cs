using System.Diagnostics;
using EngagementGrains.Abstractions.Diagnostics;
using EngagementGrains.Gateway.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Orleans.Runtime;

namespace EngagementGrains.Gateway.Diagnostics;

/// <summary>
/// <c>GET /v1/admin/stats</c> (admin): this process's memory and the cluster's active grains, so operators
/// and the benchmark can see memory per individual without attaching a profiler.
/// </summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/admin/stats", GetAsync).RequireScope(Scopes.Admin).WithName("GetStats").WithTags("Admin")
            .WithSummary("Process memory (after a full collection when ?collect=true), active grains by type, and events in the log.");
        return app;
    }

    public static async Task<Ok<ProcessStats>> GetAsync(IGrainFactory grains, bool collect = false)
    {
        var heap = GC.GetTotalMemory(forceFullCollection: collect);
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var activations = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in statistics.GroupBy(s => s.GrainType))
        {
            activations[group.Key] = group.Sum(s => s.ActivationCount);
        }

        // Where the individuals live: operators see a new silo take its share, and a stopped one hand its share over.
        var silos = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in statistics.Where(s => s.GrainType.Contains("IndividualGrain", StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress.ToParsableString()))
        {
            silos[group.Key] = group.Sum(s => s.ActivationCount);
        }

        var logged = await grains.GetGrain<ILogStatisticsGrain>(0).CountEventsAsync();
        using var process = Process.GetCurrentProcess();
        return TypedResults.Ok(new ProcessStats(heap, process.WorkingSet64, activations, silos, logged));
    }
}
