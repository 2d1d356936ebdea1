using Microsoft.AspNetCore.Builder;

namespace EngagementGrains.Gateway.Cors;

/// <summary>Puts a route under one of the named CORS policies.</summary>
public static class CorsConventionExtensions
{
    /// <summary>Pages on the allowed ingest origins may send here.</summary>
    public static TBuilder AllowsBrowserIngest<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireCors(CorsPolicyNames.Ingest);

    /// <summary>Only the configured read origins may call here (none by default).</summary>
    public static TBuilder AllowsBrowserRead<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireCors(CorsPolicyNames.Read);
}
