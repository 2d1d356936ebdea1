using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Host.Hosting;

/// <summary>Maps the documented command-line options onto configuration keys.</summary>
public static class CommandLineConfigurationExtensions
{
    private static readonly Dictionary<string, string> s_switches = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = $"{SqliteStorageOptions.SectionName}:DataDirectory",
        ["--storage"] = $"{EngagementHostOptions.SectionName}:Storage",
        ["--postgres"] = $"{EngagementHostOptions.SectionName}:Postgres",
        ["--role"] = $"{EngagementHostOptions.SectionName}:Role",
        ["--silo-port"] = $"{EngagementHostOptions.SectionName}:SiloPort",
        ["--gateway-port"] = $"{EngagementHostOptions.SectionName}:GatewayPort",
    };

    public static WebApplicationBuilder AddEngagementCommandLine(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, s_switches);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(EngagementHostOptions.DefaultUrls);
        }

        var options = builder.Configuration.GetSection(EngagementHostOptions.SectionName).Get<EngagementHostOptions>() ?? new();
        if (!string.Equals(options.Role, "all", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"--role {options.Role} is not available in this build: only 'all' (silo and gateway in one process) runs today.");
        }

        if (!string.Equals(options.Storage, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"--storage {options.Storage} is not available in this build: only the embedded 'sqlite' store runs today.");
        }

        return builder;
    }
}
