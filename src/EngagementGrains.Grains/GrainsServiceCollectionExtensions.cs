using EngagementGrains.Core.Individuals;
using EngagementGrains.Core.Time;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Identity;
using EngagementGrains.Core.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using EngagementGrains.Grains.Definitions;
using EngagementGrains.Grains.Destinations;
using EngagementGrains.Grains.Wakeups;
using Orleans;
using Orleans.Runtime;

namespace EngagementGrains.Grains;

/// <summary>Registers what the grains need besides storage: the catalog, folding rules and the clock.</summary>
public static class GrainsServiceCollectionExtensions
{
    public static IServiceCollection AddEngagementGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(EngagementClock.Wall);
        services.TryAddSingleton(EventCatalog.Default);
        services.TryAddSingleton<ProfileFolding>();
        services.TryAddSingleton<IndividualRules>();
        services.TryAddSingleton<Failover.ClusterSettling>();
        services.AddOptions<IdentityRules>().BindConfiguration(IdentityRules.SectionName);
        services.AddOptions<WakeupOptions>().BindConfiguration(WakeupOptions.SectionName);
        services.AddOptions<Individuals.SnapshotOptions>().BindConfiguration(Individuals.SnapshotOptions.SectionName);
        services.AddSingleton<DefinitionsCache>();
        services.AddSingleton<Intake.IndividualResolver>();
        services.AddSingleton<IIncomingGrainCallFilter, StorageFailureFilter>();
        services.AddSingleton<ScheduleLifecycle>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ScheduleLifecycle>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Identity.IdentityKeyMigration>();
        services.AddOptions<Segments.SegmentSamplingOptions>().BindConfiguration(Segments.SegmentSamplingOptions.SectionName);
        services.AddHostedService<Segments.SegmentSampling>();
        services.AddEngagementDestinations();
        return services;
    }
}
