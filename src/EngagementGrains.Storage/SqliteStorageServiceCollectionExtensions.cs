using EngagementGrains.Storage.EventLog;
using EngagementGrains.Storage.GrainState;
using EngagementGrains.Storage.Memberships;
using EngagementGrains.Storage.Sqlite;
using EngagementGrains.Storage.Wakeups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using EngagementGrains.Core.Segments;
using Orleans.Runtime.Hosting;

namespace EngagementGrains.Storage;

/// <summary>Registers the embedded SQLite store: event log and grain storage.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, Action<SqliteStorageOptions>? configure = null)
    {
        var options = services.AddOptions<SqliteStorageOptions>().BindConfiguration(SqliteStorageOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStorageProbe>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<IErasureScrub>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<IEventLog, SqliteEventLog>();
        services.AddSingleton<IWakeupSchedule, SqliteWakeupSchedule>();
        services.TryAddSingleton<SegmentFeedSignal>();
        services.AddSingleton<IMembershipStore, SqliteMembershipStore>();
        services.AddSingleton<Identity.ILegacyIdentityKeys, Identity.SqliteLegacyIdentityKeys>();
        services.AddGrainStorage(StorageNames.Individuals, (sp, _) => new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>()));
        services.AddGrainStorage(StorageNames.Grains, (sp, _) => new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>()));
        return services;
    }
}
