using System.Text.Json;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;
using EngagementGrains.Gateway.Audit;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>Undoing a wrong merge (admin): split contact points off an individual, and lift the separation that keeps them apart.</summary>
public static class ProfileSplitApi
{
    /// <summary>The most contact points one split may name.</summary>
    public const int MaxSplitIdentities = 100;

    public static IEndpointRouteBuilder MapProfileSplitApi(this IEndpointRouteBuilder app)
    {
        var profiles = app.MapGroup("/v1/profiles").RequireScope(Scopes.Admin).WithTags("Profiles")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        profiles.MapPost("/{id}/split", SplitAsync).WithName("SplitProfile")
            .WithSummary("Undo a wrong merge: the contact points named, and the events, measures and memberships that go with them, become another individual, as if the two had never been merged.")
            .WithDescription("Each event goes with its most identifying contact point. The two are kept apart from then on (identity resolution refuses to merge them) until DELETE /v1/profiles/{id}/separations.")
            .Accepts<SplitRequest>("application/json")
            .Audited("profile.split", "id");
        profiles.MapDelete("/{id}/separations", LiftAsync).WithName("LiftSeparations")
            .WithSummary("Lift the separations split made on this individual: it and the individuals split from it may merge again.")
            .Audited("profile.separations.lift", "id");
        return app;
    }

    public static async Task<Results<Ok<SplitOutcome>, ProblemHttpResult>> SplitAsync(
        string id, HttpRequest request, IGrainFactory grains, IdentityNormalizer identities)
    {
        if (!EventValidator.IndividualIdPattern().IsMatch(id))
        {
            return ApiProblems.BadParameter("id", "is not an individual id");
        }

        var (keys, problem) = await ReadKeysAsync(request, identities);
        if (problem is not null)
        {
            return problem;
        }

        var survivor = await grains.SurvivorOfAsync(id);
        var result = await grains.GetGrain<IIndividualGrain>(survivor).SplitAsync(keys!);
        return result.Status switch
        {
            SplitStatus.Split => TypedResults.Ok(new SplitOutcome(survivor, result.SplitOffId!, result.SplitOffEvents, result.RemainingEvents)),
            SplitStatus.Refused => ApiProblems.BadParameter("identities", result.Detail!),
            _ => ApiProblems.NotFound($"There is no individual '{id}'."),
        };
    }

    public static async Task<Results<Ok<LiftedSeparations>, ProblemHttpResult>> LiftAsync(string id, IGrainFactory grains)
    {
        if (!EventValidator.IndividualIdPattern().IsMatch(id))
        {
            return ApiProblems.BadParameter("id", "is not an individual id");
        }

        var survivor = await grains.SurvivorOfAsync(id);
        var graph = await grains.GetGrain<IIndividualGrain>(survivor).GetIdentityGraphAsync();
        if (graph is null)
        {
            return ApiProblems.NotFound($"There is no individual '{id}'.");
        }

        return TypedResults.Ok(new LiftedSeparations(await grains.GetGrain<IIndividualGrain>(survivor).LiftSeparationsAsync(null)));
    }

    // {"identities": {"email": "a@example.com", "phone": ["+1555...", ...]}}, normalised as on ingest.
    private static async Task<(IReadOnlyList<string>? Keys, ProblemHttpResult? Problem)> ReadKeysAsync(HttpRequest request, IdentityNormalizer identities)
    {
        var (document, problem) = await JsonBodyReader.ReadAsync(request, 64 * 1024);
        if (problem is not null)
        {
            return (null, problem);
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("identities", out var named) || named.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiProblems.BadParameter("identities", "must be an object of the contact points to split off, e.g. {\"email\": \"a@example.com\"}"));
            }

            var keys = new List<string>();
            if (ContactPointsBody.Read(named, identities, allowLists: true, keys) is { } bad)
            {
                return (null, bad);
            }

            keys = keys.Distinct(StringComparer.Ordinal).ToList();
            if (keys.Count == 0)
            {
                return (null, ApiProblems.BadParameter("identities", "must name at least one contact point"));
            }

            return keys.Count > MaxSplitIdentities
                ? (null, ApiProblems.BadParameter("identities", $"may name at most {MaxSplitIdentities} contact points"))
                : (keys, null);
        }
    }
}
