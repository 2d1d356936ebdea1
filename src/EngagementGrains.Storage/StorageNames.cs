namespace EngagementGrains.Storage;

/// <summary>The grain storage names grains use in <c>[PersistentState(state, storage)]</c>.</summary>
public static class StorageNames
{
    /// <summary>
    /// Individuals' snapshots: always our own store, keyed by the exact individual id and validated
    /// against the event log in the same database on activation.
    /// </summary>
    public const string Individuals = "individuals";

    /// <summary>
    /// Every other grain's state (contact points, keys, definitions): the embedded store, or Orleans'
    /// ADO.NET provider on PostgreSQL.
    /// </summary>
    public const string Grains = "engagement";
}
