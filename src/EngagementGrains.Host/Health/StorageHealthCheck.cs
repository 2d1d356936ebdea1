using EngagementGrains.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EngagementGrains.Host.Health;

/// <summary>Ready only while the store (embedded or PostgreSQL) answers.</summary>
public sealed class StorageHealthCheck(IStorageProbe storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("storage answers");
        }
        catch (Exception error) when (error is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("storage does not answer", error);
        }
    }
}
