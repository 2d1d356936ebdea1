namespace EngagementGrains.Gateway.Diagnostics;

/// <summary>This process's memory and the cluster's active grains (<c>GET /v1/admin/stats</c>).</summary>
/// <param name="ManagedHeapBytes">The managed heap, after a full collection when <c>?collect=true</c>.</param>
/// <param name="WorkingSetBytes">The process's working set.</param>
/// <param name="Activations">Active grains by grain type, cluster-wide.</param>
/// <param name="IndividualsBySilo">Active individual grains by silo address.</param>
/// <param name="EventsLogged">Events in the log.</param>
public sealed record class ProcessStats(
    long ManagedHeapBytes,
    long WorkingSetBytes,
    IReadOnlyDictionary<string, int> Activations,
    IReadOnlyDictionary<string, int> IndividualsBySilo,
    long EventsLogged);
