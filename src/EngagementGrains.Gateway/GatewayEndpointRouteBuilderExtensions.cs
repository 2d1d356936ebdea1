using EngagementGrains.Gateway.Catalog;
using EngagementGrains.Gateway.Diagnostics;
using EngagementGrains.Gateway.Events;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Definitions;
using EngagementGrains.Gateway.Segments;
using EngagementGrains.Gateway.Profiles;
using EngagementGrains.Gateway.Sources;
using EngagementGrains.Gateway.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway;

/// <summary>Maps every route of the public API.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapEngagementApi(this IEndpointRouteBuilder app)
    {
        app.MapEventsApi();
        app.MapTrackingApi();
        app.MapSourcesApi();
        app.MapProfilesApi();
        app.MapCatalogApi();
        app.MapKeysApi();
        app.MapDefinitionsApi();
        app.MapSegmentsApi();
        app.MapStatsApi();
        return app;
    }
}
