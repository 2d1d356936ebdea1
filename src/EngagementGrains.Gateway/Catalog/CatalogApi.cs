using EngagementGrains.Core.Catalog;
using EngagementGrains.Gateway.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Catalog;

/// <summary><c>GET /v1/catalog</c>: the event types, channels and known fields, for any valid key.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/catalog", Get).RequireKey().WithName("GetCatalog").WithTags("Catalog")
            .WithSummary("Event types with their channel, seed family and typed fields.");
        return app;
    }

    public static Ok<CatalogListing> Get(EventCatalog catalog) =>
        TypedResults.Ok(new CatalogListing(catalog.Channels, catalog.Types.Select(CatalogEventType.From).ToArray()));
}
