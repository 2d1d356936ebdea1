using System.Text.Json.Nodes;
using EngagementGrains.Core.Catalog;
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
        app.MapGet("/v1/catalog", Get).RequireAuthorization().WithName("GetCatalog")
            .WithSummary("Event types with their channel, seed family and typed fields.");
        return app;
    }

    public static Ok<JsonObject> Get(EventCatalog catalog)
    {
        var types = new JsonArray();
        foreach (var type in catalog.Types)
        {
            var fields = new JsonObject();
            foreach (var (name, fieldType) in type.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                fields[name] = fieldType.ToString().ToLowerInvariant();
            }

            var json = new JsonObject
            {
                ["name"] = type.Name,
                ["channel"] = type.Channel,
                ["family"] = type.Family,
                ["description"] = type.Description,
                ["fields"] = fields,
            };
            if (type.SourceNames.Count > 0)
            {
                json["sourceNames"] = new JsonArray(type.SourceNames.Select(n => (JsonNode?)n).ToArray());
            }

            if (type.SetsAttributes)
            {
                json["setsAttributes"] = true;
            }

            if (type.Consent is { } consent)
            {
                json["consent"] = new JsonObject { ["channel"] = consent.Channel, ["status"] = consent.Status };
            }

            types.Add(json);
        }

        return TypedResults.Ok(new JsonObject
        {
            ["channels"] = new JsonArray(catalog.Channels.Select(c => (JsonNode?)c).ToArray()),
            ["types"] = types,
        });
    }
}
