namespace EngagementGrains.Client.Connection;

/// <summary>How an Orleans client finds the cluster (section <c>EngagementGrains:Cluster</c>): the PostgreSQL membership table and the cluster id.</summary>
public sealed class ClusterConnectionOptions
{
    public const string SectionName = "EngagementGrains:Cluster";

    /// <summary>The cluster id the silos were started with (<c>--cluster-id</c>); it is also their service id.</summary>
    public const string DefaultClusterId = "engagementgrains";

    /// <summary>The Npgsql connection string of the database holding the cluster's membership table (the silos' <c>--postgres</c>).</summary>
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>The silos' <c>--cluster-id</c>.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;
}
