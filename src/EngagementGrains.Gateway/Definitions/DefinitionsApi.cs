using EngagementGrains.Gateway.Audit;
using EngagementGrains.Gateway.Limits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Text.Json;
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
        Map(app, DefinitionKind.Measures, "Measure", typeof(MeasureDefinition),
            (name, body, errors) => Validate(DefinitionKind.Measures, name, body, errors),
            all => new MeasureList(all));
        Map(app, DefinitionKind.Segments, "Segment", typeof(JsonElement),
            (name, body, errors) => Validate(DefinitionKind.Segments, name, body, errors),
            all => new SegmentList(all),
            async (grains, view) => view with { Size = await grains.GetGrain<ISegmentQueryGrain>(view.Name).CountAsync() });
        return app;
    }

    /// <summary>
    /// Whether a definition of <paramref name="kind"/> is valid; the errors name the JSON path at fault. The PUT
    /// routes and the dashboard's editor both ask this.
    /// </summary>
    public static bool Validate(string kind, string name, JsonElement body, List<DefinitionError> errors) =>
        kind == DefinitionKind.Segments
            ? SegmentSpec.Parse(name, body, errors) is not null
            : MeasureSpec.Parse(name, body, errors) is not null;

    private static void Map<TList>(
        IEndpointRouteBuilder app, string kind, string title, Type body, Func<string, JsonElement, List<DefinitionError>, bool> parse,
        Func<IReadOnlyList<StoredDefinition>, TList> list, Func<IGrainFactory, StoredDefinition, Task<StoredDefinition>>? describe = null)
    {
        var noun = title.ToLowerInvariant();
        var group = app.MapGroup($"/v1/{kind}").WithTags(title + "s");
        group.MapGet("/", (IGrainFactory grains) => ListAsync(grains, kind, list)).RequireScope(Scopes.Read)
            .WithName($"List{title}s").WithSummary($"Every {noun} definition with its status.");
        group.MapGet("/{name}", (string name, IGrainFactory grains) => GetAsync(grains, kind, noun, name, describe)).RequireScope(Scopes.Read)
            .WithName($"Get{title}").WithSummary($"One {noun} definition, with backfill status and progress.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", (string name, HttpRequest request, IGrainFactory grains) => PutAsync(grains, kind, noun, name, request, parse))
            .RequireScope(Scopes.Admin)
            .WithName($"Put{title}").WithSummary($"Create or change a {noun}; it is backfilled over every stored individual.")
            .WithDescription($"201 when new, 200 when changed. Names are 1–64 letters, digits, '_', '.', '-'. See docs/api.md for the {noun} language; "
                + "an invalid definition is a 400 whose errors name the JSON path at fault, and nothing is stored.")
            .Accepts(body, "application/json")
            .Produces<InvalidDefinitionProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Audited($"{noun}.put", "name");
        group.MapDelete("/{name}", (string name, IGrainFactory grains) => DeleteAsync(grains, kind, noun, name)).RequireScope(Scopes.Admin)
            .WithName($"Delete{title}").WithSummary($"Remove a {noun} from every profile.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Audited($"{noun}.delete", "name");
    }

    public static async Task<Results<Ok<StoredDefinition>, Created<StoredDefinition>, ProblemHttpResult>> PutAsync(
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

            var limits = request.HttpContext.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value;
            var limit = kind == DefinitionKind.Segments ? limits.MaxSegments : limits.MaxMeasures;
            var result = await Registry(grains, kind).PutAsync(name, JsonSerializer.Serialize(document.RootElement), limit);
            if (result.OverLimit)
            {
                return TypedResults.Problem(title: $"Too many {kind}", detail: string.Join("; ", result.Errors),
                    statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["limit"] = limit });
            }

            if (result.Stored is not { } definition)
            {
                return ApiProblems.InvalidDefinition($"The {noun} definition is invalid", result.Errors.Select(e => new DefinitionError("", e)).ToArray());
            }

            var view = StoredDefinition.From(definition);
            return result.Created ? TypedResults.Created($"/v1/{kind}/{name}", view) : TypedResults.Ok(view);
        }
    }

    public static async Task<Ok<TList>> ListAsync<TList>(IGrainFactory grains, string kind, Func<IReadOnlyList<StoredDefinition>, TList> list)
    {
        var all = await Registry(grains, kind).GetAllAsync();
        return TypedResults.Ok(list(all.Definitions.Select(StoredDefinition.From).ToArray()));
    }

    public static async Task<Results<Ok<StoredDefinition>, ProblemHttpResult>> GetAsync(
        IGrainFactory grains, string kind, string noun, string name, Func<IGrainFactory, StoredDefinition, Task<StoredDefinition>>? describe)
    {
        if (await FindAsync(grains, kind, name) is not { } definition)
        {
            return ApiProblems.NotFound($"There is no {noun} '{name}'.");
        }

        var view = StoredDefinition.From(definition);
        return TypedResults.Ok(describe is null ? view : await describe(grains, view));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(IGrainFactory grains, string kind, string noun, string name)
    {
        var (deleted, errors) = await Registry(grains, kind).DeleteAsync(name);
        if (deleted)
        {
            // The answer promises the definition is gone everywhere: no silo a second behind still folds with it.
            await DefinitionPropagation.AllSilosHoldAsync(grains, kind, (await Registry(grains, kind).GetAllAsync()).Version);
        }

        return deleted ? TypedResults.NoContent()
            : errors.Count > 0 ? TypedResults.Problem(title: $"The {noun} is in use", detail: string.Join("; ", errors), statusCode: StatusCodes.Status409Conflict)
            : ApiProblems.NotFound($"There is no {noun} '{name}'.");
    }

    public static async Task<Definition?> FindAsync(IGrainFactory grains, string kind, string name) =>
        (await Registry(grains, kind).GetAllAsync()).Definitions.FirstOrDefault(d => d.Name == name);

    private static IDefinitionRegistryGrain Registry(IGrainFactory grains, string kind) => grains.GetGrain<IDefinitionRegistryGrain>(kind);
}
