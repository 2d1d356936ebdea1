using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.Abstractions.Measures;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Measures;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Measures;

/// <summary>Measure definitions: <c>PUT/GET/DELETE /v1/measures/{name}</c> and <c>GET /v1/measures</c>.</summary>
public static class MeasuresApi
{
    private const int MaxDefinitionBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapMeasuresApi(this IEndpointRouteBuilder app)
    {
        var measures = app.MapGroup("/v1/measures");
        measures.MapGet("/", ListAsync).RequireAuthorization(Scopes.Read).WithName("ListMeasures")
            .WithSummary("Every measure definition with its status.");
        measures.MapGet("/{name}", GetAsync).RequireAuthorization(Scopes.Read).WithName("GetMeasure")
            .WithSummary("One definition, with backfill status and progress.");
        measures.MapPut("/{name}", PutAsync).RequireAuthorization(Scopes.Admin).WithName("PutMeasure")
            .WithSummary("Create or change a measure; it is backfilled over every stored individual.");
        measures.MapDelete("/{name}", DeleteAsync).RequireAuthorization(Scopes.Admin).WithName("DeleteMeasure")
            .WithSummary("Remove a measure from every profile.");
        return app;
    }

    public static async Task<Results<Ok<JsonObject>, Created<JsonObject>, ProblemHttpResult>> PutAsync(
        string name, HttpRequest request, IGrainFactory grains)
    {
        var (document, problem) = await JsonBodyReader.ReadAsync(request, MaxDefinitionBytes);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var errors = new List<DefinitionError>();
            if (MeasureSpec.Parse(name, document!.RootElement, errors) is null)
            {
                return ApiProblems.InvalidDefinition("The measure definition is invalid", errors);
            }

            var json = JsonSerializer.Serialize(document.RootElement);
            var (definition, created) = await Registry(grains).PutAsync(name, json);
            var view = View(definition);
            return created ? TypedResults.Created($"/v1/measures/{name}", view) : TypedResults.Ok(view);
        }
    }

    public static async Task<Ok<JsonObject>> ListAsync(IGrainFactory grains)
    {
        var all = await Registry(grains).GetAllAsync();
        return TypedResults.Ok(new JsonObject
        {
            ["measures"] = new JsonArray(all.Definitions.Select(d => (JsonNode?)View(d)).ToArray()),
        });
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains)
    {
        var all = await Registry(grains).GetAllAsync();
        var definition = all.Definitions.FirstOrDefault(d => d.Name == name);
        return definition is null ? ApiProblems.NotFound($"There is no measure '{name}'.") : TypedResults.Ok(View(definition));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IGrainFactory grains) =>
        await Registry(grains).DeleteAsync(name) ? TypedResults.NoContent() : ApiProblems.NotFound($"There is no measure '{name}'.");

    private static IMeasureRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IMeasureRegistryGrain>(IMeasureRegistryGrain.Key);

    private static JsonObject View(MeasureDefinition definition) => new()
    {
        ["name"] = definition.Name,
        ["definition"] = JsonNode.Parse(definition.Json),
        ["version"] = definition.Version,
        ["status"] = definition.Status,
        ["progress"] = new JsonObject { ["processed"] = definition.Processed, ["total"] = definition.Total },
        ["updatedAt"] = ApiJson.Timestamp(definition.UpdatedAt),
        ["readyAt"] = definition.ReadyAt is { } ready ? ApiJson.Timestamp(ready) : null,
    };
}
