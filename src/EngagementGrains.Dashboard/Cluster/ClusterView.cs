using Orleans;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace EngagementGrains.Dashboard.Cluster;

/// <summary>Reads the cluster's figures through the Orleans client: the management grain's statistics and the Host's health checks.</summary>
public sealed class ClusterView(IGrainFactory grains, HealthCheckService health)
{
    public async Task<ClusterSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics(cancellationToken);
        var individuals = statistics.Where(s => s.GrainType.Contains("IndividualGrain", StringComparison.Ordinal)).Sum(s => (long)s.ActivationCount);

        var hosts = await management.GetHosts(true, cancellationToken);
        var addresses = hosts.Keys.ToArray();
        var runtime = addresses.Length == 0 ? Array.Empty<SiloRuntimeStatistics>() : await management.GetRuntimeStatistics(addresses, cancellationToken);
        var silos = addresses.Select((address, i) =>
        {
            var stats = i < runtime.Length ? runtime[i] : null;
            return new SiloLoad(
                address.ToParsableString(), hosts[address].ToString(), stats?.ActivationCount ?? 0,
                stats?.EnvironmentStatistics.FilteredCpuUsagePercentage, stats?.EnvironmentStatistics.FilteredMemoryUsageBytes,
                stats?.IsOverloaded ?? false);
        }).OrderBy(s => s.Address, StringComparer.Ordinal).ToArray();

        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = report.Entries.Select(e => new HealthEntry(e.Key, e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message))
            .OrderBy(e => e.Name, StringComparer.Ordinal).ToArray();
        return new ClusterSnapshot(individuals, silos, checks);
    }
}
