using EngagementGrains.Client.Connection;

namespace Storefront;

/// <summary>What the shop shows (section <c>Storefront</c>): the segment whose members see the banner, and its text.</summary>
internal sealed class StorefrontOptions
{
    public const string SectionName = "Storefront";

    /// <summary>The command line's short names for the settings a person types.</summary>
    public static IDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--postgres"] = $"{ClusterConnectionOptions.SectionName}:PostgresConnectionString",
        ["--cluster-id"] = $"{ClusterConnectionOptions.SectionName}:ClusterId",
        ["--segment"] = $"{SectionName}:BannerSegment",
    };

    /// <summary>Visitors in this segment see the banner.</summary>
    public string BannerSegment { get; set; } = "storefront_regulars";

    public string BannerText { get; set; } = "Welcome back! Take 10% off your next order.";
}
