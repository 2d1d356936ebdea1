using EngagementGrains.Client.Connection;
using Orleans.Configuration;

namespace EngagementGrains.Host.Hosting;

/// <summary>
/// Failure detection tuned for seconds, not Orleans' general-purpose defaults (a probe every 10 s, three
/// missed): until a dead silo is declared dead, every call to a grain it held waits, so those defaults
/// stalled the whole service for about 30 s. A killed silo's ports refuse at once, so each probe fails fast.
/// </summary>
public static class FastFailover
{
    /// <summary>How often each silo probes the silos it watches, and how long a probe may take.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo suspects another.</summary>
    public const int MissedProbes = 2;

    /// <summary>
    /// The longest a probe may wait, however degraded the prober feels. Orleans also holds back every vote
    /// against a silo whose connection carried a message within this times the missed probes; at its default
    /// (4 × the probe timeout) that hid a silently unreachable silo for 16 s, so this keeps both at seconds.
    /// </summary>
    public static readonly TimeSpan MaxProbeTimeout = ProbeTimeout;

    /// <summary>Suspicions that declare a silo dead (Orleans asks fewer when fewer silos are active).</summary>
    public const int Votes = 2;

    /// <summary>How often a gateway client re-reads the list of silos (shared with frontends' clients).</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = GatewayFailover.ListRefreshPeriod;

    /// <summary>How long a gateway waits for a silo's answer; then it answers 503 and the client's retry is safe.</summary>
    public static readonly TimeSpan GatewayResponseTimeout = GatewayFailover.ResponseTimeout;

    public static void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = ProbeTimeout;
        options.MaxProbeTimeout = MaxProbeTimeout;
        options.NumMissedProbesLimit = MissedProbes;
        options.NumVotesForDeathDeclaration = Votes;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
    }
}
