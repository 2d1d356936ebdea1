using System.Diagnostics;
using Orleans.Runtime;

namespace EngagementGrains.Grains.Failover;

/// <summary>
/// Whether the cluster's membership changed within the last minute (a silo joined, left or died). Only then can
/// two copies of one individual have been active at once, so only then does a read check its copy against the log.
/// </summary>
public sealed class ClusterSettling(IClusterMembershipService membership)
{
    /// <summary>How long after a membership change reads keep checking the log.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private MembershipVersion _seen = MembershipVersion.MinValue;
    private long _changedAt = Stopwatch.GetTimestamp();

    /// <summary>True within <see cref="Window"/> of a membership change this silo has seen (and of its start).</summary>
    public bool IsSettling
    {
        get
        {
            var version = membership.CurrentSnapshot.Version;
            lock (_lock)
            {
                // Seen at the first read after the change, which is no earlier than the change: the window only lengthens.
                if (version != _seen)
                {
                    _seen = version;
                    _changedAt = Stopwatch.GetTimestamp();
                }

                return Stopwatch.GetElapsedTime(_changedAt) < Window;
            }
        }
    }
}
