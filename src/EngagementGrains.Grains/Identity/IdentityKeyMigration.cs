using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Core.Identity;
using EngagementGrains.Storage.Identity;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace EngagementGrains.Grains.Identity;

/// <summary>
/// When a silo starts, moves each contact point a build before hashed identity keys stored under its own
/// name to its hashed grain, and clears the old row: after an upgrade, a contact point seen before still
/// finds its individual, and no row names it in clear. Nothing to do (one query) once moved.
/// </summary>
public sealed partial class IdentityKeyMigration(IGrainFactory grains, ILegacyIdentityKeys legacy, ILogger<IdentityKeyMigration> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private const int InFlight = 32;

    // Active, as ScheduleLifecycle: grains can be called. The silo's start waits for it, and the HTTP API of
    // the same process opens only after, so no event meets a contact point that has not moved yet.
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(IdentityKeyMigration), ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var keys = await legacy.ListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            return;
        }

        foreach (var batch in keys.Chunk(InFlight))
        {
            await Task.WhenAll(batch.Select(key => MoveAsync(key, cancellationToken)));
        }

        LogMoved(logger, keys.Count);
    }

    private async Task MoveAsync(string key, CancellationToken cancellationToken)
    {
        // The old grain reads its row as it always did; nothing calls it after this.
        if (await grains.GetGrain<IIdentityGrain>(key).GetIndividualAsync() is { } owner)
        {
            // A hashed grain that has an owner already keeps it: that individual is the one events reach now.
            await grains.GetGrain<IIdentityGrain>(IdentityKey.GrainKey(key)).LinkAsync(owner);
        }

        await legacy.RemoveAsync(key, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moved {Count} contact points stored by an earlier build to their hashed identity grains")]
    private static partial void LogMoved(ILogger logger, int count);
}
