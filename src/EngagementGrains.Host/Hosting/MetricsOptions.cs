namespace EngagementGrains.Host.Hosting;

/// <summary>The Prometheus scrape endpoint (section <c>EngagementGrains:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "EngagementGrains:Metrics";

    /// <summary>The path scraped; <c>/metrics</c> is what Prometheus and Kubernetes annotations expect.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// Require an admin key (Bearer) to scrape. Off by default: scrapers rarely hold keys and the figures name
    /// no person, so the usual place to guard it is the network (an internal port or ingress rule). A process
    /// that serves no API (<c>--role silo</c>) checks no keys, so with this on it does not serve the path at all.
    /// </summary>
    public bool RequireAdminKey { get; set; }
}
