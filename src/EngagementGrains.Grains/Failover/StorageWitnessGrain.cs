using EngagementGrains.Abstractions.Storage;
using EngagementGrains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace EngagementGrains.Grains.Failover;

/// <summary>One silo's word on whether it reaches the store; placed on that silo by the caller's placement hint.</summary>
[Reentrant]
public sealed class StorageWitnessGrain(IStorageProbe storage, ILocalSiloDetails silo, IOptions<StorageLossOptions> options)
    : Grain, IStorageWitnessGrain
{
    public async Task<bool?> ReachesStorageAsync()
    {
        // A witness re-placed after its silo died would speak for the wrong silo; it says it cannot speak instead.
        if (!string.Equals(this.GetPrimaryKeyString(), silo.SiloAddress.ToParsableString(), StringComparison.Ordinal))
        {
            DeactivateOnIdle();
            return null;
        }

        return await StorageReach.PingAsync(storage, options.Value.PingTimeout);
    }
}
