namespace EngagementGrains.Gateway.Cors;

/// <summary>The named CORS policies the route groups carry.</summary>
public static class CorsPolicyNames
{
    /// <summary>The ingest routes: tracking clients in pages post events.</summary>
    public const string Ingest = "ingest";

    /// <summary>Every other route: read and admin.</summary>
    public const string Read = "read";
}
