using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EngagementGrains.Gateway.Keys;

/// <summary>Requires a key on a route, and says in the API document what answers a missing or weak key gets.</summary>
public static class ScopeConventionExtensions
{
    /// <summary>A key with <paramref name="scope"/> (an admin key has every scope): else 401, or 403 naming the scope.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(scope)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>Any valid key: else 401.</summary>
    public static TBuilder RequireKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
}
