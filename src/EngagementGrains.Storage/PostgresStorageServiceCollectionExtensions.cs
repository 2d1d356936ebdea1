using Microsoft.Extensions.Options;
using EngagementGrains.Storage.EventLog;
using EngagementGrains.Storage.GrainState;
using EngagementGrains.Storage.Memberships;
using EngagementGrains.Storage.Postgres;
using EngagementGrains.Storage.Wakeups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using EngagementGrains.Core.Segments;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Hosting;

namespace EngagementGrains.Storage;

/// <summary>Registers the PostgreSQL store every silo of a cluster shares: event log, grain storage, schedule, memberships.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>The name Orleans' ADO.NET grain storage is registered under, behind <see cref="StorageNames.Grains"/>.</summary>
    public const string OrleansProviderName = "engagement-adonet";

    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, Action<PostgresStorageOptions>? configure = null)
    {
        var options = AddPostgresOptions(services);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IStorageProbe>(sp => sp.GetRequiredService<PostgresDatabase>());
        services.AddSingleton<IErasureScrub>(sp => sp.GetRequiredService<PostgresDatabase>());
        services.AddSingleton<IDepartedSessions>(sp => sp.GetRequiredService<PostgresDatabase>());
        services.AddSingleton(sp => new PostgresAppendWriter(
            sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<IWakeupSchedule>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PostgresStorageOptions>>().Value.LogWriters));
        services.AddSingleton<IEventLog, PostgresEventLog>();
        services.AddSingleton<IWakeupSchedule, PostgresWakeupSchedule>();
        services.TryAddSingleton<SegmentFeedSignal>();
        services.AddSingleton<IMembershipStore, PostgresMembershipStore>();
        services.AddSingleton<Identity.ILegacyIdentityKeys, Identity.PostgresLegacyIdentityKeys>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaCheck>();
        services.AddGrainStorage(StorageNames.Individuals, (sp, _) =>
            new StorageFailureTranslation(new PostgresGrainStorage(sp.GetRequiredService<PostgresDatabase>())));

        // Every other grain's state goes through Orleans' own ADO.NET provider, on our statements for its
        // query contract (deploy/sql/orleans-persistence.sql), as System.Text.Json.
        services.AddAdoNetGrainStorage(OrleansProviderName, options =>
        {
            options.Invariant = PostgresDatabase.Invariant;
            options.GrainStorageSerializer = new JsonGrainStateSerializer();
        });
        services.AddGrainStorage(StorageNames.Grains, (sp, _) =>
            new StorageFailureTranslation(sp.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(OrleansProviderName)));
        services.AddOptions<Orleans.Configuration.AdoNetGrainStorageOptions>(OrleansProviderName)
            .Configure<Microsoft.Extensions.Options.IOptions<PostgresStorageOptions>>((options, postgres) =>
                options.ConnectionString = PostgresDatabase.WithPoolLimit(postgres.Value));
        return services;
    }

    /// <summary>
    /// For a process that serves the change feed (a gateway, or silo and gateway in one): wakes its streams when
    /// any process commits changes to PostgreSQL.
    /// </summary>
    public static IServiceCollection AddPostgresFeedListener(this IServiceCollection services)
    {
        AddPostgresOptions(services);
        services.TryAddSingleton<SegmentFeedSignal>();
        services.AddHostedService<PostgresFeedListener>();
        return services;
    }

    // Bound once however many of the above a process registers (a silo serving HTTP registers both): a second
    // binding would append the configured LogPartitions to the list the first one filled.
    private static OptionsBuilder<PostgresStorageOptions> AddPostgresOptions(IServiceCollection services)
    {
        var options = services.AddOptions<PostgresStorageOptions>();
        if (!services.Any(d => d.ServiceType == typeof(PostgresOptionsBound)))
        {
            services.AddSingleton<PostgresOptionsBound>();
            options.BindConfiguration(PostgresStorageOptions.SectionName);
        }

        return options;
    }

    private sealed class PostgresOptionsBound;
}
