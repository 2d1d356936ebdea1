using EngagementGrains.Gateway.Keys;
using EngagementGrains.Storage.Postgres;
using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Host.Hosting;

/// <summary>
/// Every option the executable understands, in one table: the parser, <c>--help</c> and the start-up banner
/// read it, so what is documented is what is accepted.
/// </summary>
public static class CommandLineOptions
{
    public const string Help = "--help";
    public const string Verbose = "--verbose";

    /// <summary>The default data directory as the user reads it: relative to the directory the process starts in.</summary>
    public const string DefaultDataDirectory = "./" + SqliteStorageOptions.DefaultDataDirectory;

    public static IReadOnlyList<CommandLineOption> Switches { get; } =
    [
        new("--urls", "urls", EngagementHostOptions.DefaultUrls, "where the HTTP API listens (several separated by ';')"),
        new("--data-dir", $"{SqliteStorageOptions.SectionName}:DataDirectory", DefaultDataDirectory,
            "embedded storage directory; relative to the directory you start in"),
        new("--role", $"{EngagementHostOptions.SectionName}:Role", "all",
            "all (silo and HTTP API in one process), silo or gateway (these two need postgres)"),
        new("--storage", $"{EngagementHostOptions.SectionName}:Storage", "sqlite",
            "sqlite (embedded, one process) or postgres (the shared store of a cluster)"),
        new("--postgres", $"{PostgresStorageOptions.SectionName}:ConnectionString", "none",
            "Npgsql connection string: Host=…;Username=…;Password=…;Database=…"),
        new("--cluster-id", $"{EngagementHostOptions.SectionName}:ClusterId", EngagementHostOptions.DefaultClusterId,
            "the Orleans cluster id every silo and gateway of one deployment shares"),
        new("--silo-port", $"{EngagementHostOptions.SectionName}:SiloPort", $"{EngagementHostOptions.DefaultSiloPort}",
            "Orleans silo-to-silo port, so several processes share a machine"),
        new("--gateway-port", $"{EngagementHostOptions.SectionName}:GatewayPort", $"{EngagementHostOptions.DefaultGatewayPort}",
            "Orleans client (gateway) port of a silo"),
        new("--advertise", $"{EngagementHostOptions.SectionName}:AdvertisedAddress", "127.0.0.1",
            "the address other processes reach this silo at"),
        new(Verbose, null, "off", "log at Information (start-up details, every request), not warnings only"),
        new(Help, null, "—", "print this help and exit"),
    ];

    public static IReadOnlyList<CommandLineOption> EnvironmentSettings { get; } =
    [
        new(ApiKeyOptions.AdminKeyVariable, null, "generated on first start", "the bootstrap admin key; without it the first start prints one once"),
        new("EngagementGrains__Storage__Synchronous", null, "FULL", "SQLite durability: FULL survives power loss; NORMAL a killed process only"),
        new("EngagementGrains__Postgres__LogPartitions__<n>", null, "none", "further databases individuals' events, wake-ups and snapshots are partitioned over (n from 0; the same list on every silo)"),
        new("OTEL_EXPORTER_OTLP_ENDPOINT", null, "unset", "export traces and metrics over OTLP"),
        new("OTEL_TRACES_EXPORTER", null, "unset", "console also prints every span on the console (for diagnosis)"),
        new("EngagementGrains__Metrics__RequireAdminKey", null, "false", "true: /metrics (Prometheus text) answers only an admin key; a silo-only process then serves none"),
        new("EngagementGrains__Limits__RequestsPerSecond", null, "1000", "requests a second per key but admin keys (429 beyond; 0: no limit); EventsPerSecond (1500) and the rest: docs/operations.md"),
        new("EngagementGrains__Cors__IngestOrigins", null, "*", "origins whose pages may send to the ingest routes (comma-separated; empty: none)"),
        new("EngagementGrains__Cors__ReadOrigins", null, "none", "origins whose pages may call read and admin routes (comma-separated)"),
        new("EngagementGrains__Dashboard__RefreshInterval", null, "00:00:01", "how often an open dashboard page refreshes; SignInLifetime (08:00:00) how long a sign-in lasts unused"),
        new("EngagementGrains__Dashboard__SampleInterval", null, "00:01:00", "how often silos sample every segment's size into its durable history (one sample a minute is kept)"),
        new("EngagementGrains__Dashboard__OrleansDashboard", null, "true", "register the Orleans Dashboard on silos and mount it at /dashboard/orleans (admin key only)"),
        new("Logging__LogLevel__Default", null, "Warning", "console log level; Logging__LogLevel__<Category> for one category"),
        new("Orleans__Membership__*", null, "ProbeTimeout 2 s, MaxProbeTimeout 2 s, 2 missed, 2 votes", "failure detection (a killed silo noticed in about 3 s, a silent one in about 5 s): ProbeTimeout, MaxProbeTimeout, NumMissedProbesLimit, …"),
        new("Identity__Types__<type>__*", null, "docs/identity.md", "identity rules, e.g. Identity__Types__deviceId__Merges=true"),
    ];

    /// <summary>The switch of this name (<c>--role</c>), or null.</summary>
    public static CommandLineOption? Find(string name) =>
        Switches.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
}
