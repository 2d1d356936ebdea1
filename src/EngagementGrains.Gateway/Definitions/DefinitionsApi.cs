using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Segments;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Segments;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Definitions;

/// <summary>
/// Definition routes shared by measures and segments: <c>PUT/GET/DELETE /v1/{kind}/{name}</c> and
/// <c>GET /v1/{kind}</c>. Both are stored, versioned and backfilled the same way.
/// </summary>
public static class DefinitionsApi
{
    private const int MaxDefinitionBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapDefinitionsApi(this IEndpointRouteBuilder app)
    {
        Map(app, DefinitionKind.Measures, "measure", (name, body, errors) => MeasureSpec.Parse(name, body, errors) is not null);
        Map(app, DefinitionKind.Segments, "segment", (name, body, errors) => SegmentSpec.Parse(name, body, errors) is not null,
            async (grains, view) => view["size"] = await grains.GetGrain<ISegmentQueryGrain>((string)view["name"]!).CountAsync());
        return app;
    }

    private static void Map(
        IEndpointRouteBuilder app, string kind, string noun, Func<string, JsonElement, List<DefinitionError>, bool> parse,
        Func<IGrainFactory, JsonObject, Task>? describe = null)
    {
        var group = app.MapGroup($"/v1/{kind}");
        group.MapGet("/", (IGrainFactory grains) => ListAsync(grains, kind)).RequireAuthorization(Scopes.Read)
            .WithName($"List{noun}s").WithSummary($"Every {noun} definition with its status.");
        group.MapGet("/{name}", (string name, IGrainFactory grains) => GetAsync(grains, kind, noun, name, describe)).RequireAuthorization(Scopes.Read)
            .WithName($"Get{noun}").WithSummary($"One {noun} definition, with backfill status and progress.");
        group.MapPut("/{name}", (string name, HttpRequest request, IGrainFactory grains) => PutAsync(grains, kind, noun, name, request, parse))
            .RequireAuthorization(Scopes.Admin)
            .WithName($"Put{noun}").WithSummary($"Create or change a {noun}; it is backfilled over every stored individual.");
        group.MapDelete("/{name}", (string name, IGrainFactory grains) => DeleteAsync(grains, kind, noun, name)).RequireAuthorization(Scopes.Admin)
            .WithName($"Delete{noun}").WithSummary($"Remove a {noun} from every profile.");
    }

    public static async Task<Results<Ok<JsonObject>, Created<JsonObject>, ProblemHttpResult>> PutAsync(
        IGrainFactory grains, string kind, string noun, string name, HttpRequest request, Func<string, JsonElement, List<DefinitionError>, bool> parse)
    {
        var (document, problem) = await JsonBodyReader.ReadAsync(request, MaxDefinitionBytes);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var errors = new List<DefinitionError>();
            if (!parse(name, document!.RootElement, errors))
            {
                return ApiProblems.InvalidDefinition($"The {noun} definition is invalid", errors);
            }

            var result = await Registry(grains, kind).PutAsync(name, JsonSerializer.Serialize(document.RootElement));
            if (result.Stored is not { } definition)
            {
                return ApiProblems.InvalidDefinition($"The {noun} definition is invalid", result.Errors.Select(e => new DefinitionError("", e)).ToArray());
            }

            var view = View(definition);
            return result.Created ? TypedResults.Created($"/v1/{kind}/{name}", view) : TypedResults.Ok(view);
        }
    }

    public static async Task<Ok<JsonObject>> ListAsync(IGrainFactory grains, string kind)
    {
        var all = await Registry(grains, kind).GetAllAsync();
        return TypedResults.Ok(new JsonObject { [kind] = new JsonArray(all.Definitions.Select(d => (JsonNode?)View(d)).ToArray()) });
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(
        IGrainFactory grains, string kind, string noun, string name, Func<IGrainFactory, JsonObject, Task>? describe)
    {
        if (await FindAsync(grains, kind, name) is not { } definition)
        {
            return ApiProblems.NotFound($"There is no {noun} '{name}'.");
        }

        var view = View(definition);
        if (describe is not null)
        {
            await describe(grains, view);
        }

        return TypedResults.Ok(view);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(IGrainFactory grains, string kind, string noun, string name)
    {
        var (deleted, errors) = await Registry(grains, kind).DeleteAsync(name);
        return deleted ? TypedResults.NoContent()
            : errors.Count > 0 ? TypedResults.Problem(title: $"The {noun} is in use", detail: string.Join("; ", errors), statusCode: StatusCodes.Status409Conflict)
            : ApiProblems.NotFound($"There is no {noun} '{name}'.");
    }

    public static async Task<Definition?> FindAsync(IGrainFactory grains, string kind, string name) =>
        (await Registry(grains, kind).GetAllAsync()).Definitions.FirstOrDefault(d => d.Name == name);

    public static JsonObject View(Definition definition) => new()
    {
        ["name"] = definition.Name,
        ["definition"] = JsonNode.Parse(definition.Json),
        ["version"] = definition.Version,
        ["status"] = definition.Status,
        ["progress"] = new JsonObject { ["processed"] = definition.Processed, ["total"] = definition.Total },
        ["updatedAt"] = ApiJson.Timestamp(definition.UpdatedAt),
        ["readyAt"] = definition.ReadyAt is { } ready ? ApiJson.Timestamp(ready) : null,
    };

    private static IDefinitionRegistryGrain Registry(IGrainFactory grains, string kind) => grains.GetGrain<IDefinitionRegistryGrain>(kind);
}
