using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace EngagementGrains.Host.Health;

/// <summary>Ready only while this process's silo is active in the cluster.</summary>
public sealed class SiloHealthCheck(ISiloStatusOracle silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(silo.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo active")
            : HealthCheckResult.Unhealthy($"silo is {silo.CurrentStatus}"));
}
