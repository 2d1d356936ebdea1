using Orleans.Runtime;

namespace EngagementGrains.Abstractions.Storage;

/// <summary>Failures that say a silo went away mid-call: an idempotent call may simply be made again.</summary>
public static class Transient
{
    /// <summary>True for a silo that is unavailable, a rejected message or a gateway too busy to take one.</summary>
    public static bool Is(Exception error) =>
        error is SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException
            || (error is OrleansException && error.InnerException is SiloUnavailableException or OrleansMessageRejectionException);
}
