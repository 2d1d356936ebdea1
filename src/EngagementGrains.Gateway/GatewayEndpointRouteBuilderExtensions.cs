using EngagementGrains.Gateway.Suppression;
using EngagementGrains.Gateway.Audit;
using EngagementGrains.Gateway.ApiDocs;
using EngagementGrains.Gateway.Catalog;
using EngagementGrains.Gateway.Cors;
using EngagementGrains.Gateway.Diagnostics;
using EngagementGrains.Gateway.Events;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Definitions;
using EngagementGrains.Gateway.Destinations;
using EngagementGrains.Gateway.Segments;
using EngagementGrains.Gateway.Profiles;
using EngagementGrains.Gateway.Sources;
using EngagementGrains.Gateway.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway;

/// <summary>Maps every route of the public API.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapEngagementApi(this IEndpointRouteBuilder app)
    {
        // Any route may meet an unavailable cluster or store: 503 with Retry-After, safe to retry as is.
        // Read and admin routes answer a browser only from the configured read origins (none by default); the
        // ingest routes carry the ingest policy of their own, which wins over the group's.
        var api = app.MapGroup("").ProducesProblem(StatusCodes.Status503ServiceUnavailable).AllowsBrowserRead();
        api.MapEventsApi();
        api.MapTrackingApi();
        api.MapSourcesApi();
        api.MapProfilesApi();
        api.MapProfileSplitApi();
        api.MapCatalogApi();
        api.MapKeysApi();
        api.MapAuditApi();
        api.MapSuppressionsApi();
        api.MapDefinitionsApi();
        api.MapSegmentsApi();
        api.MapDestinationsApi();
        api.MapStatsApi();
        app.MapEngagementApiDocs();
        return app;
    }
}
