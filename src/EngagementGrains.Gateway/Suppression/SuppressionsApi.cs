using System.Globalization;
using System.Text.Json;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Suppression;
using EngagementGrains.Core.Identity;
using EngagementGrains.Gateway.Audit;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Suppression;

/// <summary>
/// The suppression list (admin): an erased person's contact points, hashed, drop every later event that
/// names them until an admin lifts them (the person signs up again, or the erasure was a mistake).
/// </summary>
public static class SuppressionsApi
{
    private const int MaxLift = 100;

    public static IEndpointRouteBuilder MapSuppressionsApi(this IEndpointRouteBuilder app)
    {
        var suppressions = app.MapGroup("/v1/suppressions").RequireScope(Scopes.Admin).WithTags("Suppressions");
        suppressions.MapGet("/", ListAsync).WithName("ListSuppressions")
            .WithSummary("Every suppressed contact point: type, hash and when it was erased; never the value.");
        suppressions.MapPost("/lift", LiftAsync).WithName("LiftSuppressions")
            .WithSummary("Lift suppressions, naming contact points by value or by key; their events are accepted again.")
            .Accepts<LiftSuppressionRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Audited("suppression.lift");
        return app;
    }

    public static async Task<Ok<SuppressionList>> ListAsync(IGrainFactory grains)
    {
        var entries = await grains.GetGrain<ISuppressionListGrain>(0).ListAsync();
        return TypedResults.Ok(new SuppressionList(entries
            .Select(e => new SuppressedIdentity(e.Key, IdentityKey.TypeOfGrainKey(e.Key), e.SuppressedAt.ToString("O", CultureInfo.InvariantCulture)))
            .ToArray()));
    }

    public static async Task<Results<Ok<LiftedSuppressions>, ProblemHttpResult>> LiftAsync(
        HttpRequest request, IGrainFactory grains, IdentityNormalizer identities)
    {
        var (document, problem) = await JsonBodyReader.ReadAsync(request, 64 * 1024);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiProblems.BadParameter("body", "must be an object with 'identities' or 'keys'");
            }

            var keys = new List<string>();
            if (root.TryGetProperty("identities", out var named) && named.ValueKind != JsonValueKind.Null)
            {
                if (named.ValueKind != JsonValueKind.Object)
                {
                    return ApiProblems.BadParameter("identities", "must be an object of contact points, e.g. {\"email\": \"a@example.com\"}");
                }

                var namedKeys = new List<string>();
                if (ContactPointsBody.Read(named, identities, allowLists: false, namedKeys) is { } bad)
                {
                    return bad;
                }

                keys.AddRange(namedKeys.Select(IdentityKey.GrainKey));
            }

            if (root.TryGetProperty("keys", out var listed) && listed.ValueKind != JsonValueKind.Null)
            {
                if (listed.ValueKind != JsonValueKind.Array)
                {
                    return ApiProblems.BadParameter("keys", "must be an array of keys as GET /v1/suppressions lists them");
                }

                var index = 0;
                foreach (var key in listed.EnumerateArray())
                {
                    if (key.ValueKind != JsonValueKind.String || !IdentityKey.IsGrainKey(key.GetString()!))
                    {
                        return ApiProblems.BadParameter($"keys[{index}]", "is not a suppression key (type#32 hex digits)");
                    }

                    keys.Add(key.GetString()!);
                    index++;
                }
            }

            keys = keys.Distinct(StringComparer.Ordinal).ToList();
            if (keys.Count == 0)
            {
                return ApiProblems.BadParameter("identities", "or keys must name at least one contact point");
            }

            if (keys.Count > MaxLift)
            {
                return ApiProblems.BadParameter("identities", $"and keys may name at most {MaxLift} contact points in one request");
            }

            // The contact points first, where intake looks; the list follows, so a failure in between leaves a listed
            // key that is no longer enforced, which lifting again mends, rather than an enforced one nobody sees.
            var lifted = await Task.WhenAll(keys.Select(k => grains.GetGrain<IIdentityGrain>(k).LiftSuppressionAsync()));
            await grains.GetGrain<ISuppressionListGrain>(0).RemoveAsync(keys);
            var liftedKeys = keys.Where((_, i) => lifted[i]).ToArray();
            return TypedResults.Ok(new LiftedSuppressions(liftedKeys.Length, liftedKeys));
        }
    }
}
