namespace EngagementGrains.Gateway.Cors;

/// <summary>
/// Which web origins may call the API from a browser (section <c>EngagementGrains:Cors</c>). A page holds an
/// ingest key in plain sight, so sending from any origin is allowed by default; reading is not, because a key
/// that can read profiles must never sit in a page.
/// </summary>
public sealed class CorsSettings
{
    public const string SectionName = "EngagementGrains:Cors";

    /// <summary>Origins that may send to the ingest routes, separated by commas: <c>*</c> for any, empty for none.</summary>
    public string IngestOrigins { get; set; } = "*";

    /// <summary>Origins that may call the read and admin routes, separated by commas; none by default.</summary>
    public string ReadOrigins { get; set; } = "";
}
