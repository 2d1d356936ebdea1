using EngagementGrains.Abstractions.Keys;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EngagementGrains.Host.Health;

/// <summary>A gateway is ready while a grain call through its Orleans client reaches a silo.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IApiKeyGrain>("readiness-probe").GetAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("a silo answers");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("no silo answers", error);
        }
    }
}
