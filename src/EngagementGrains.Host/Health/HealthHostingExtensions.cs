using EngagementGrains.Host.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace EngagementGrains.Host.Health;

/// <summary><c>/healthz</c> (the process is up) and <c>/readyz</c> (storage reachable, silo active), without a key.</summary>
public static class HealthHostingExtensions
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddEngagementHealthChecks(this WebApplicationBuilder builder)
    {
        // A silo is ready when its store answers and it is active; a gateway when a silo answers it.
        var checks = builder.Services.AddHealthChecks();
        if (builder.EngagementOptions().HostsSilo)
        {
            checks.AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]).AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag]);
        }
        else
        {
            checks.AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        }

        return builder;
    }

    public static WebApplication MapEngagementHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
