using EngagementGrains.Storage.EventLog;
using EngagementGrains.Storage.GrainState;
using EngagementGrains.Storage.Memberships;
using EngagementGrains.Storage.Postgres;
using EngagementGrains.Storage.Wakeups;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;

namespace EngagementGrains.Storage;

/// <summary>Registers the PostgreSQL store every silo of a cluster shares: event log, grain storage, schedule, memberships.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, Action<PostgresStorageOptions>? configure = null)
    {
        var options = services.AddOptions<PostgresStorageOptions>().BindConfiguration(PostgresStorageOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IStorageProbe>(sp => sp.GetRequiredService<PostgresDatabase>());
        services.AddSingleton<IEventLog, PostgresEventLog>();
        services.AddSingleton<IWakeupSchedule, PostgresWakeupSchedule>();
        services.AddSingleton<IMembershipStore, PostgresMembershipStore>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaCheck>();
        services.AddGrainStorage(SqliteGrainStorage.Name, (sp, _) => new PostgresGrainStorage(sp.GetRequiredService<PostgresDatabase>()));
        return services;
    }
}
