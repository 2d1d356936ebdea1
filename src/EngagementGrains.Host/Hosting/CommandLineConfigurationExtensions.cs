using EngagementGrains.Storage.Postgres;

namespace EngagementGrains.Host.Hosting;

/// <summary>Maps the documented command-line options onto configuration keys, and names what is wrong with them.</summary>
public static class CommandLineConfigurationExtensions
{
    private static readonly Dictionary<string, string> s_switches = CommandLineOptions.Switches
        .Where(o => o.TakesValue)
        .ToDictionary(o => o.Name, o => o.ConfigurationKey!, StringComparer.Ordinal);

    public static WebApplicationBuilder AddEngagementCommandLine(this WebApplicationBuilder builder, EngagementCommandLine commandLine)
    {
        builder.Configuration.AddCommandLine([.. commandLine.Arguments], s_switches);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(EngagementHostOptions.DefaultUrls);
        }

        return builder;
    }

    /// <summary>What is wrong with the options once configuration and environment are read; empty when the process can start.</summary>
    public static IReadOnlyList<string> OptionMistakes(this WebApplicationBuilder builder)
    {
        var mistakes = new List<string>();
        EngagementHostOptions options;
        try
        {
            options = builder.EngagementOptions();
        }
        catch (InvalidOperationException error)
        {
            // A port that is not a number, say: the binder names the key, the inner error the value.
            return [error.InnerException is { } inner ? $"{error.Message} {inner.Message}" : error.Message];
        }

        if (!options.IsRole("all") && !options.IsRole("silo") && !options.IsRole("gateway"))
        {
            mistakes.Add($"--role {options.Role} is not a role: use all (silo and HTTP gateway in one process), silo or gateway.");
        }

        if (!options.UsesPostgres && !string.Equals(options.Storage, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            mistakes.Add($"--storage {options.Storage} is not a store: use sqlite (embedded, one process) or postgres.");
        }
        else if ((options.IsRole("silo") || options.IsRole("gateway")) && !options.UsesPostgres)
        {
            mistakes.Add($"--role {options.Role} needs --storage postgres: silos and gateways in separate processes share the cluster's PostgreSQL.");
        }

        if (options.UsesPostgres && string.IsNullOrWhiteSpace(builder.Configuration[$"{PostgresStorageOptions.SectionName}:ConnectionString"]))
        {
            mistakes.Add("--storage postgres needs --postgres \"Host=…;Port=…;Username=…;Password=…;Database=…\".");
        }

        return mistakes;
    }
}
