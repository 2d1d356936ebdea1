using EngagementGrains.Grains;
using EngagementGrains.Storage;

namespace EngagementGrains.Host.Hosting;

/// <summary>Hosts the Orleans silo with the embedded store: one process, nothing else to install.</summary>
public static class SiloHostingExtensions
{
    public static WebApplicationBuilder AddEngagementSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(EngagementHostOptions.SectionName).Get<EngagementHostOptions>() ?? new();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
            if (TelemetryHostingExtensions.IsExporting(builder.Configuration))
            {
                silo.AddActivityPropagation();
            }
            silo.Services.AddSqliteStorage();
            silo.Services.AddEngagementGrains();
        });
        return builder;
    }
}
