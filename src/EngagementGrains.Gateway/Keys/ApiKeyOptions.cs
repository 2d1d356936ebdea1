namespace EngagementGrains.Gateway.Keys;

/// <summary>Key settings (section <c>EngagementGrains:Keys</c>).</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "EngagementGrains:Keys";

    /// <summary>The environment variable that sets the bootstrap admin key.</summary>
    public const string AdminKeyVariable = "ENGAGEMENTGRAINS_ADMIN_KEY";

    /// <summary>The id under which a generated bootstrap admin key is stored.</summary>
    public const string BootstrapKeyId = "bootstrap";

    /// <summary>A fixed admin key (from <c>ENGAGEMENTGRAINS_ADMIN_KEY</c>); when unset, one is generated on first start.</summary>
    public string? AdminKey { get; set; }
}
