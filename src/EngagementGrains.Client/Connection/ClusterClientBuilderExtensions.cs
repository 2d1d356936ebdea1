using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace EngagementGrains.Client.Connection;

/// <summary>Points an Orleans client at an EngagementGrains cluster: the HTTP gateway role and any frontend share this.</summary>
public static class ClusterClientBuilderExtensions
{
    /// <summary>The ADO.NET provider name Orleans' clustering uses for PostgreSQL.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// PostgreSQL membership, the cluster's ids, fast failover; <c>Orleans:Messaging</c> and <c>Orleans:Gateway</c>
    /// in <paramref name="configuration"/> may tune the rest. With <paramref name="propagateActivities"/>, each
    /// call carries the caller's trace context to the silo.
    /// </summary>
    public static IClientBuilder UseEngagementCluster(this IClientBuilder client, ClusterConnectionOptions connection, IConfiguration configuration, bool propagateActivities)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(configuration);
        client.Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (connection.ClusterId, connection.ClusterId));
        client.UseAdoNetClustering(c => (c.Invariant, c.ConnectionString) = (PostgresInvariant, connection.PostgresConnectionString));
        client.Configure<GatewayOptions>(g => g.GatewayListRefreshPeriod = GatewayFailover.ListRefreshPeriod);
        client.Configure<ClientMessagingOptions>(m => m.ResponseTimeout = GatewayFailover.ResponseTimeout);
        client.Configure<ClientMessagingOptions>(configuration.GetSection("Orleans:Messaging"));
        client.Configure<GatewayOptions>(configuration.GetSection("Orleans:Gateway"));
        if (propagateActivities)
        {
            client.AddActivityPropagation();
        }

        return client;
    }
}
