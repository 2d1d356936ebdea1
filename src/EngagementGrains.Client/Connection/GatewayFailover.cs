namespace EngagementGrains.Client.Connection;

/// <summary>How fast a client notices silos that joined or died: seconds, not Orleans' general-purpose minute.</summary>
public static class GatewayFailover
{
    /// <summary>How often the client re-reads the list of silos.</summary>
    public static readonly TimeSpan ListRefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a call waits for a silo's answer. A call in flight on the connection to a silo that dies is
    /// not failed when the silo is declared dead (only silos' calls to it are), so without this bound it waits
    /// Orleans' 30 s; intake is idempotent, so the events may safely be offered again (<c>TransientRetry</c> does so
    /// once). Not 5 s: during a rolling restart a call to a silo that is stopping gracefully can take longer, and failed at 5 s.
    /// </summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);
}
