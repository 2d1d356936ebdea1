using System.Net;
using System.Security.Cryptography;
using EngagementGrains.Dashboard;
using EngagementGrains.Client.Connection;
using EngagementGrains.Grains;
using EngagementGrains.Grains.Failover;
using Orleans.Dashboard;
using EngagementGrains.Storage;
using EngagementGrains.Storage.Postgres;
using Orleans.Configuration;

namespace EngagementGrains.Host.Hosting;

/// <summary>
/// Hosts Orleans as the role asks: a silo with the embedded store (one process, nothing to install), or
/// silos sharing PostgreSQL for storage and cluster membership, and gateways that reach them as clients.
/// </summary>
public static class SiloHostingExtensions
{
    /// <summary>The ADO.NET provider name Orleans' clustering uses for PostgreSQL.</summary>
    public const string PostgresInvariant = EngagementGrains.Storage.Postgres.PostgresDatabase.Invariant;

    public static WebApplicationBuilder AddEngagementOrleans(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(EngagementHostOptions.SectionName).Get<EngagementHostOptions>() ?? new();
        var connectionString = builder.Configuration[$"{PostgresStorageOptions.SectionName}:ConnectionString"] ?? "";
        var orleansDashboard = (builder.Configuration.GetSection(EngagementDashboardOptions.SectionName).Get<EngagementDashboardOptions>() ?? new()).OrleansDashboard;
        if (!options.HostsSilo)
        {
            // The same connection a frontend's client makes (EngagementGrains.Client), so both behave alike on failover.
            var connection = new ClusterConnectionOptions { PostgresConnectionString = connectionString, ClusterId = options.ClusterId };
            builder.UseOrleansClient(client =>
            {
                client.UseEngagementCluster(connection, builder.Configuration,
                    propagateActivities: TelemetryHostingExtensions.IsExporting(builder.Configuration));
                if (orleansDashboard)
                {
                    client.AddDashboard();
                }
            });
            return builder;
        }

        builder.UseOrleans(silo =>
        {
            if (options.UsesPostgres)
            {
                silo.Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (options.ClusterId, options.ClusterId));
                silo.UseAdoNetClustering(c => (c.Invariant, c.ConnectionString) = (PostgresInvariant, connectionString));
                if (RunsInKubernetes)
                {
                    // The pod's IP, the cluster id from its labels, and dead pods' silos declared dead at once.
                    silo.UseKubernetesHosting();
                }
                else
                {
                    silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);

                    // The silo's name, unique to this process, names its database sessions too, so that the other
                    // silos can end what it leaves open if it dies cut off from the database (Kubernetes names
                    // silos after their pods, which a restarted pod keeps, so there the server's keepalive must do).
                    var siloName = $"eg-silo-{RandomNumberGenerator.GetHexString(12, lowercase: true)}";
                    silo.Configure<SiloOptions>(o => o.SiloName = siloName);
                    silo.Services.Configure<PostgresStorageOptions>(o => o.SessionName = siloName);
                }

                // How fast a dead silo is noticed: seconds by default (FastFailover), an operator may tune it.
                silo.Configure<ClusterMembershipOptions>(FastFailover.Apply);
                silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
                silo.Services.AddPostgresStorage();
                silo.Services.AddStorageFailover();
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                silo.Services.AddSqliteStorage();
            }

            if (TelemetryHostingExtensions.IsExporting(builder.Configuration))
            {
                silo.AddActivityPropagation();
            }

            silo.Services.AddEngagementGrains();
            // Every silo collects what the Orleans Dashboard shows; a process serving the API mounts it (admin key only).
            if (orleansDashboard)
            {
                silo.AddDashboard();
            }
        });
        return builder;
    }

    private static bool RunsInKubernetes => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));

    /// <summary>The options the command line and configuration gave this process.</summary>
    public static EngagementHostOptions EngagementOptions(this WebApplicationBuilder builder) =>
        builder.Configuration.GetSection(EngagementHostOptions.SectionName).Get<EngagementHostOptions>() ?? new();
}
