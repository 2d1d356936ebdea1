using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Host.Hosting;

/// <summary>Maps the documented command-line options onto configuration keys.</summary>
public static class CommandLineConfigurationExtensions
{
    private static readonly Dictionary<string, string> s_switches = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = $"{SqliteStorageOptions.SectionName}:DataDirectory",
        ["--storage"] = $"{EngagementHostOptions.SectionName}:Storage",
        ["--postgres"] = $"{EngagementGrains.Storage.Postgres.PostgresStorageOptions.SectionName}:ConnectionString",
        ["--role"] = $"{EngagementHostOptions.SectionName}:Role",
        ["--silo-port"] = $"{EngagementHostOptions.SectionName}:SiloPort",
        ["--gateway-port"] = $"{EngagementHostOptions.SectionName}:GatewayPort",
        ["--advertise"] = $"{EngagementHostOptions.SectionName}:AdvertisedAddress",
        ["--cluster-id"] = $"{EngagementHostOptions.SectionName}:ClusterId",
    };

    public static WebApplicationBuilder AddEngagementCommandLine(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, s_switches);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(EngagementHostOptions.DefaultUrls);
        }

        var options = builder.Configuration.GetSection(EngagementHostOptions.SectionName).Get<EngagementHostOptions>() ?? new();
        if (!options.IsRole("all") && !options.IsRole("silo") && !options.IsRole("gateway"))
        {
            throw new InvalidOperationException($"--role {options.Role} is not a role: use all (silo and HTTP gateway in one process), silo or gateway.");
        }

        if (!options.UsesPostgres && !string.Equals(options.Storage, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"--storage {options.Storage} is not a store: use sqlite (embedded, one process) or postgres.");
        }

        if (!options.IsRole("all") && !options.UsesPostgres)
        {
            throw new InvalidOperationException(
                $"--role {options.Role} needs --storage postgres: silos and gateways in separate processes share the cluster's PostgreSQL.");
        }

        if (options.UsesPostgres && string.IsNullOrWhiteSpace(builder.Configuration[$"{EngagementGrains.Storage.Postgres.PostgresStorageOptions.SectionName}:ConnectionString"]))
        {
            throw new InvalidOperationException("--storage postgres needs --postgres \"Host=…;Port=…;Username=…;Password=…;Database=…\".");
        }

        return builder;
    }
}
