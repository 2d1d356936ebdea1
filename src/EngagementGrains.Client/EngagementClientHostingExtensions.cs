using EngagementGrains.Client.Connection;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;
using EngagementGrains.Core.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EngagementGrains.Client;

/// <summary>Registers <see cref="IEngagementClient"/> and the Orleans client it calls the cluster through.</summary>
public static class EngagementClientHostingExtensions
{
    /// <summary>The section the HTTP gateway reads its event limits from; a frontend may set the same.</summary>
    public const string LimitsSectionName = "EngagementGrains:Limits";

    /// <summary>
    /// Connects this application to the cluster as an Orleans client (settings from <c>EngagementGrains:Cluster</c>,
    /// then <paramref name="configure"/>) and registers <see cref="IEngagementClient"/>.
    /// </summary>
    public static IHostApplicationBuilder AddEngagementGrainsClient(this IHostApplicationBuilder builder, Action<ClusterConnectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connection = builder.Configuration.GetSection(ClusterConnectionOptions.SectionName).Get<ClusterConnectionOptions>() ?? new();
        configure?.Invoke(connection);
        if (string.IsNullOrWhiteSpace(connection.PostgresConnectionString))
        {
            throw new InvalidOperationException($"The cluster's PostgreSQL connection string is required ({ClusterConnectionOptions.SectionName}:PostgresConnectionString).");
        }

        builder.UseOrleansClient(client => client.UseEngagementCluster(connection, builder.Configuration, propagateActivities: true));
        builder.Services.TryAddSingleton(EngagementClock.Wall);
        builder.Services.TryAddSingleton(EventCatalog.Default);
        builder.Services.TryAddSingleton(new IdentityNormalizer());
        builder.Services.TryAddSingleton(builder.Configuration.GetSection(LimitsSectionName).Get<EventLimits>() ?? new EventLimits());
        builder.Services.TryAddSingleton<EventValidator>();
        builder.Services.TryAddSingleton<IEngagementClient>(services => new EngagementClient(
            services.GetRequiredService<IClusterClient>(), services.GetRequiredService<EventValidator>(), services.GetRequiredService<IdentityNormalizer>()));
        return builder;
    }
}
