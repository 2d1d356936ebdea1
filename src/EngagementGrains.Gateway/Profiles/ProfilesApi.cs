using EngagementGrains.Gateway.Audit;
using System.Globalization;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;
using EngagementGrains.Gateway.ApiDocs;
using EngagementGrains.Gateway.Events;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>Profile reads: the profile, its timeline, and lookup by any contact point.</summary>
public static class ProfilesApi
{
    public const int MaxTimelineLimit = 1000;

    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var profiles = app.MapGroup("/v1/profiles").RequireScope(Scopes.Read).WithTags("Profiles")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        var lookup = profiles.MapGet("/lookup", LookupAsync).WithName("LookupProfile")
            .WithSummary("The unified individual of a contact point, e.g. ?email=a@example.com.")
            .WithDescription("Give exactly one identity type as the query parameter; its value is normalised as on ingest. "
                + "A configured custom identity type works the same way.");
        foreach (var type in IdentityTypes.Known)
        {
            lookup.WithQueryParameter(type, $"The {type} to look up (exactly one identity parameter).");
        }

        profiles.MapGet("/{id}", GetAsync).WithName("GetProfile").WithSummary("An individual's profile.")
            .WithDescription("An individual merged into another answers 308 to the survivor's route.")
            .Produces(StatusCodes.Status308PermanentRedirect);
        profiles.MapGet("/{id}/timeline", TimelineAsync).WithName("GetTimeline")
            .WithSummary("An individual's events, newest first, with type and time filters and a cursor.")
            .WithQueryParameter("types", "Event types to keep, comma-separated (the parameter may repeat).")
            .WithQueryParameter("from", "Events at or after this instant (ISO-8601 with an offset, or epoch milliseconds).")
            .WithQueryParameter("to", "Events before this instant.")
            .WithQueryParameter("limit", $"1 to {MaxTimelineLimit}; 50 by default.", JsonSchemaType.Integer)
            .WithQueryParameter("cursor", "The nextCursor of the previous page.")
            .Produces(StatusCodes.Status308PermanentRedirect);
        profiles.MapGet("/{id}/identities", IdentitiesAsync).WithName("GetIdentityGraph")
            .WithSummary("An individual's identity graph: contact points, merged individuals, refused links.")
            .Produces(StatusCodes.Status308PermanentRedirect);
        app.MapDelete("/v1/profiles/{id}", EraseAsync).RequireScope(Scopes.Admin).WithName("EraseProfile").WithTags("Profiles")
            .WithSummary("Erasure: the individual, everyone merged into it, their events, contact points and memberships, scrubbed from the store; the contact points are suppressed.")
            .WithQueryParameter("suppress", "false to erase without suppressing: later events with these contact points then create a new individual. true by default.", JsonSchemaType.Boolean)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Audited("profile.erase", "id");
        return app;
    }

    public static async Task<Results<Ok<Profile>, RedirectHttpResult, ProblemHttpResult>> GetAsync(
        string id, HttpRequest request, IGrainFactory grains)
    {
        if (!EventValidator.IndividualIdPattern().IsMatch(id))
        {
            return ApiProblems.BadParameter("id", "is not an individual id");
        }

        var profile = await grains.GetGrain<IIndividualGrain>(id).GetProfileAsync();
        if (profile is not null)
        {
            return TypedResults.Ok(Profile.From(profile));
        }

        return await MergedRedirectAsync(id, request, grains) is { } redirect
            ? redirect
            : ApiProblems.NotFound($"There is no individual '{id}'.");
    }

    public static async Task<Results<Ok<IdentityGraph>, RedirectHttpResult, ProblemHttpResult>> IdentitiesAsync(
        string id, HttpRequest request, IGrainFactory grains)
    {
        if (!EventValidator.IndividualIdPattern().IsMatch(id))
        {
            return ApiProblems.BadParameter("id", "is not an individual id");
        }

        var graph = await grains.GetGrain<IIndividualGrain>(id).GetIdentityGraphAsync();
        if (graph is not null)
        {
            return TypedResults.Ok(IdentityGraph.From(graph));
        }

        return await MergedRedirectAsync(id, request, grains) is { } redirect
            ? redirect
            : ApiProblems.NotFound($"There is no individual '{id}'.");
    }

    public static async Task<Results<Ok<Erasure>, ProblemHttpResult>> EraseAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        if (!EventValidator.IndividualIdPattern().IsMatch(id))
        {
            return ApiProblems.BadParameter("id", "is not an individual id");
        }

        var suppress = true;
        if (request.Query.TryGetValue("suppress", out var given) && !bool.TryParse(given.ToString(), out suppress))
        {
            return ApiProblems.BadParameter("suppress", "must be true or false");
        }

        var survivor = await grains.SurvivorOfAsync(id);
        var erased = await grains.GetGrain<IIndividualGrain>(survivor).EraseAsync(suppress);
        if (erased.Individuals.Count == 0 || (erased.Events == 0 && erased.Identities.Count == 0 && erased.Individuals.Count == 1))
        {
            return ApiProblems.NotFound($"There is no individual '{id}'.");
        }

        return TypedResults.Ok(new Erasure(true, erased.Individuals, erased.Identities.Count, erased.Events, erased.Suppressed));
    }

    // A merged individual answers with a permanent redirect to its survivor, keeping the rest of the path.
    private static async Task<RedirectHttpResult?> MergedRedirectAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        var survivor = await grains.SurvivorOfAsync(id);
        if (survivor == id)
        {
            return null;
        }

        var path = request.Path.Value!;
        var at = path.IndexOf("/" + id, "/v1/profiles".Length - 1, StringComparison.Ordinal);
        var location = path[..at] + "/" + survivor + path[(at + 1 + id.Length)..] + request.QueryString;
        return TypedResults.Redirect(location, permanent: true, preserveMethod: true);
    }

    public static async Task<Results<Ok<Profile>, ProblemHttpResult>> LookupAsync(
        HttpRequest request, IGrainFactory grains, IdentityNormalizer identities)
    {
        var given = request.Query.Where(q => q.Key is not ("limit" or "cursor")).ToArray();
        if (given.Length != 1 || given[0].Value.Count != 1)
        {
            return ApiProblems.BadParameter("query", "must name exactly one contact point, e.g. ?email=a@example.com");
        }

        var (type, raw) = (given[0].Key, LiteralQuery.Value(request, given[0].Key) ?? given[0].Value.ToString());
        if (!identities.IsKnownType(type))
        {
            return ApiProblems.BadParameter(type, $"is not an identity type (known: {string.Join(", ", identities.Types.Order(StringComparer.Ordinal))})");
        }

        var value = IdentityNormalizer.Normalize(type, raw, out var error);
        if (value is null)
        {
            return ApiProblems.BadParameter(type, error!);
        }

        var individualId = await grains.GetGrain<IIdentityGrain>(IdentityKey.GrainKey(IdentityKey.Format(type, value))).GetIndividualAsync();
        var profile = individualId is null ? null : await grains.GetGrain<IIndividualGrain>(await grains.SurvivorOfAsync(individualId)).GetProfileAsync();
        return profile is null
            ? ApiProblems.NotFound($"No individual has {type} '{value}'.")
            : TypedResults.Ok(Profile.From(profile));
    }

    public static async Task<Results<Ok<Timeline>, RedirectHttpResult, ProblemHttpResult>> TimelineAsync(
        string id, HttpRequest request, IGrainFactory grains)
    {
        if (!EventValidator.IndividualIdPattern().IsMatch(id))
        {
            return ApiProblems.BadParameter("id", "is not an individual id");
        }

        var query = request.Query;
        var limit = 50;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxTimelineLimit))
        {
            return ApiProblems.BadParameter("limit", $"must be a whole number from 1 to {MaxTimelineLimit}");
        }

        var from = ReadTime(query, "from", out var fromError);
        var to = ReadTime(query, "to", out var toError);
        if (fromError is not null || toError is not null)
        {
            return ApiProblems.BadParameter(fromError is not null ? "from" : "to", (fromError ?? toError)!);
        }

        TimelinePosition? after = null;
        if (query.TryGetValue("cursor", out var cursorText) && (after = TimelineCursor.Decode(cursorText.ToString())) is null)
        {
            return ApiProblems.BadParameter("cursor", "is not a cursor returned by this API");
        }

        var types = query["types"].SelectMany(t => (t ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToArray();
        var grain = grains.GetGrain<IIndividualGrain>(id);
        if (await grain.GetProfileAsync() is null)
        {
            return await MergedRedirectAsync(id, request, grains) is { } redirect
                ? redirect
                : ApiProblems.NotFound($"There is no individual '{id}'.");
        }

        var page = await grain.GetTimelineAsync(new TimelineQuery
        {
            Types = types.Length == 0 ? null : types,
            From = from,
            To = to,
            Limit = limit,
            After = after,
        });
        return TypedResults.Ok(new Timeline(
            id, page.Events.Select(TimelineEvent.From).ToArray(), page.Next is null ? null : TimelineCursor.Encode(page.Next)));
    }

    private static DateTimeOffset? ReadTime(IQueryCollection query, string name, out string? error)
    {
        error = null;
        if (!query.TryGetValue(name, out var text))
        {
            return null;
        }

        return EventTimestamps.Parse(text.ToString(), out error);
    }
}
