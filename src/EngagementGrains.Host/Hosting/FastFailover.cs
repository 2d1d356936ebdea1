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
        options.NumMissedProbesLimit = MissedProbes;
        options.NumVotesForDeathDeclaration = Votes;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
    }
}
