using Microsoft.Extensions.DependencyInjection;

namespace EngagementGrains.Grains.Failover;

/// <summary>Registers what keeps a cluster serving when one silo loses the shared store, or dies cut off from it.</summary>
public static class FailoverServiceCollectionExtensions
{
    /// <summary>For silos sharing a store with others: one process alone has nobody to hand its individuals to.</summary>
    public static IServiceCollection AddStorageFailover(this IServiceCollection services)
    {
        services.AddOptions<StorageLossOptions>().BindConfiguration(StorageLossOptions.SectionName);
        services.AddHostedService<StorageLossWatch>();
        services.AddHostedService<DepartedSiloSessions>();
        return services;
    }
}
