using Microsoft.AspNetCore.Builder;

namespace EngagementGrains.Gateway.Cors;

/// <summary>Answers preflights and adds CORS headers by the policy each route carries.</summary>
public static class CorsApplicationBuilderExtensions
{
    /// <summary>Before authentication: a preflight carries no key and is answered here.</summary>
    public static IApplicationBuilder UseEngagementCors(this IApplicationBuilder app) => app.UseCors();
}
