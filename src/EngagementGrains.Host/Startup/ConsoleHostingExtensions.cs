using EngagementGrains.Host.Hosting;
using Microsoft.Extensions.Configuration.Memory;

namespace EngagementGrains.Host.Startup;

/// <summary>
/// A console a person can read: a short banner once the process is ready, then warnings and errors only,
/// unless <c>--verbose</c> or <c>Logging__LogLevel__*</c> ask for more.
/// </summary>
public static class ConsoleHostingExtensions
{
    public const string LogLevelKey = "Logging:LogLevel:Default";

    public static WebApplicationBuilder AddEngagementConsole(this WebApplicationBuilder builder, EngagementCommandLine commandLine)
    {
        // Defaults go in first, so that appsettings, the environment and the command line all override them.
        // At Information, Orleans prints every options section and two lines per grain placement, and ASP.NET
        // Core two lines per request, which also costs throughput under load.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [LogLevelKey] = "Warning",
                // Keys of the data protection stack are never used here (API keys are our own); its warning
                // about storing them unencrypted would be the first thing a newcomer reads.
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
                // Orleans' watchdog measures its first check from the machine's boot, so every start would
                // warn of a possible deadlock lasting the machine's uptime.
                ["Logging:LogLevel:Orleans.Runtime.Watchdog"] = "Error",
            },
        });
        if (commandLine.Verbose)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [LogLevelKey] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Information",
                ["Logging:LogLevel:Orleans.Runtime.Watchdog"] = "Information",
            });
        }

        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }
}
