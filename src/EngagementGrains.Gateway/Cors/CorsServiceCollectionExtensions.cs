using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Cors;

/// <summary>Registers the two CORS policies from <see cref="CorsSettings"/>.</summary>
public static class CorsServiceCollectionExtensions
{
    // Browsers may cache a preflight this long, so a page sending many events preflights once.
    private static readonly TimeSpan s_preflightMaxAge = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddEngagementCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorsSettings>().Bind(configuration.GetSection(CorsSettings.SectionName));
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) =>
        {
            cors.AddPolicy(CorsPolicyNames.Ingest, policy => Allow(policy, settings.Value.IngestOrigins, "POST"));
            cors.AddPolicy(CorsPolicyNames.Read, policy => Allow(policy, settings.Value.ReadOrigins, "GET", "PUT", "POST", "DELETE"));
        });
        return services;
    }

    // No credentials: keys travel in headers or the body, never in cookies, so "*" stays allowed.
    private static void Allow(CorsPolicyBuilder policy, string origins, params string[] methods)
    {
        var list = origins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Contains("*", StringComparer.Ordinal))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins(list);
        }

        policy.WithMethods(methods).AllowAnyHeader().WithExposedHeaders("Retry-After").SetPreflightMaxAge(s_preflightMaxAge);
    }
}
