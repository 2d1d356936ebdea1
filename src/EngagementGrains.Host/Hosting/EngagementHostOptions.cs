namespace EngagementGrains.Host.Hosting;

/// <summary>How this process runs (section <c>EngagementGrains</c>): its role, storage and ports.</summary>
public sealed class EngagementHostOptions
{
    public const string SectionName = "EngagementGrains";
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>The Orleans cluster id every silo and gateway of one deployment shares.</summary>
    public const string DefaultClusterId = "engagementgrains";

    /// <summary><c>all</c> (silo and HTTP gateway in one process), <c>silo</c> or <c>gateway</c>.</summary>
    public string Role { get; set; } = "all";

    /// <summary><c>sqlite</c> (embedded) or <c>postgres</c>.</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>Orleans' silo-to-silo port.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Orleans' client (gateway) port.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>The address other silos and gateways reach this silo at; loopback by default.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public string ClusterId { get; set; } = DefaultClusterId;

    public bool HostsSilo => !IsRole("gateway");

    public bool ServesApi => !IsRole("silo");

    public bool UsesPostgres => string.Equals(Storage, "postgres", StringComparison.OrdinalIgnoreCase);

    public bool IsRole(string role) => string.Equals(Role, role, StringComparison.OrdinalIgnoreCase);
}
