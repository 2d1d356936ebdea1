using EngagementGrains.Storage.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EngagementGrains.Host.Health;

/// <summary>Ready only while the embedded database answers.</summary>
public sealed class StorageHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("storage answers");
        }
        catch (Microsoft.Data.Sqlite.SqliteException error)
        {
            return HealthCheckResult.Unhealthy("storage does not answer", error);
        }
    }
}
