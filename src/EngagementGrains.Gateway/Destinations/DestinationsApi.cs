using System.Globalization;
using System.Text.Json;
using EngagementGrains.Abstractions.Destinations;
using EngagementGrains.Core.Destinations;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Time;
using EngagementGrains.Gateway.Audit;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Destinations;

/// <summary>Webhook destinations (admin): create, change, list, delete, rotate the signing secret, replay, recent attempts.</summary>
public static class DestinationsApi
{
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapDestinationsApi(this IEndpointRouteBuilder app)
    {
        var destinations = app.MapGroup("/v1/destinations").RequireScope(Scopes.Admin).WithTags("Destinations");
        destinations.MapGet("/", ListAsync).WithName("ListDestinations").WithSummary("Every webhook destination with its status and positions; never a secret.");
        destinations.MapGet("/{name}", GetAsync).WithName("GetDestination").WithSummary("One destination, as the list shows it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        destinations.MapPut("/{name}", PutAsync).WithName("PutDestination")
            .WithSummary("Create or change a webhook destination; a new one's signing secret is returned once.")
            .WithDescription("201 with the secret when new, 200 when changed (the secret is kept and not shown). Names are 1–64 letters, digits, "
                + "'_', '.', '-'. The URL must be https (http only to loopback) and not in a private or link-local network unless the operator allows it.")
            .Accepts<DestinationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Audited("destination.put", "name");
        destinations.MapDelete("/{name}", DeleteAsync).WithName("DeleteDestination").WithSummary("Remove a destination; its deliveries stop at once.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Audited("destination.delete", "name");
        destinations.MapPost("/{name}/rotate-secret", RotateSecretAsync).WithName("RotateDestinationSecret")
            .WithSummary("Give a destination a new signing secret; webhooks carry signatures with both until the overlap (24h by default) ends.")
            .Accepts<RotateKeyRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Audited("destination.rotate", "name");
        destinations.MapPost("/{name}/replay", ReplayAsync).WithName("ReplayDestination")
            .WithSummary("Deliver again from a feed position of a segment (or from the saved positions); clears failing.")
            .Accepts<ReplayRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Audited("destination.replay", "name");
        destinations.MapGet("/{name}/deliveries", DeliveriesAsync).WithName("ListDestinationDeliveries")
            .WithSummary("The latest delivery attempts, newest first: webhook id, status code, latency, error.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<DestinationList>> ListAsync(IGrainFactory grains)
    {
        var names = await grains.GetGrain<IDestinationRegistryGrain>(0).ListAsync();
        var views = await Task.WhenAll(names.Select(name => grains.GetDestination(name).GetAsync()));
        return TypedResults.Ok(new DestinationList([.. views.OfType<DestinationView>().Select(DestinationDescription.From)]));
    }

    public static async Task<Results<Ok<DestinationDescription>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains) =>
        await grains.GetDestination(name).GetAsync() is { } view
            ? TypedResults.Ok(DestinationDescription.From(view))
            : NotFound(name);

    public static async Task<Results<Created<CreatedDestination>, Ok<DestinationDescription>, ProblemHttpResult>> PutAsync(
        string name, HttpRequest request, IGrainFactory grains, IOptions<DestinationOptions> options)
    {
        if (!MeasureSpec.NamePattern().IsMatch(name))
        {
            return ApiProblems.BadParameter("name", "must be a letter, then up to 63 letters, digits, '_', '.', '-'");
        }

        var (document, problem) = await JsonBodyReader.ReadAsync(request, MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var (settings, invalid) = await DestinationInput.ReadAsync(document!.RootElement, options.Value.AllowPrivateNetworks, request.HttpContext.RequestAborted);
            if (invalid is not null)
            {
                return invalid;
            }

            var put = await grains.GetDestination(name).PutAsync(settings!, WebhookSignature.NewSecret());
            var description = DestinationDescription.From(put.View);
            return put.Created
                ? TypedResults.Created($"/v1/destinations/{name}", new CreatedDestination(description, put.Secret!))
                : TypedResults.Ok(description);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IGrainFactory grains) =>
        await grains.GetDestination(name).DeleteAsync() ? TypedResults.NoContent() : NotFound(name);

    public static async Task<Results<Ok<RotatedSecret>, ProblemHttpResult>> RotateSecretAsync(string name, HttpRequest request, IGrainFactory grains, EngagementClock time)
    {
        var overlap = TimeSpan.FromHours(24);
        if (HasBody(request))
        {
            var (document, problem) = await JsonBodyReader.ReadAsync(request, 4 * 1024);
            if (problem is not null)
            {
                return problem;
            }

            using (document)
            {
                var root = document!.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return ApiProblems.BadParameter("body", "must be an object such as {\"overlap\":\"24h\"}");
                }

                foreach (var property in root.EnumerateObject())
                {
                    if (property.Name != "overlap")
                    {
                        return ApiProblems.BadParameter(property.Name, "is not a field of a rotation (overlap)");
                    }

                    if (property.Value.ValueKind != JsonValueKind.String || KeyOverlap.Parse(property.Value.GetString()!) is not { } parsed)
                    {
                        return ApiProblems.BadParameter("overlap", $"must be a duration of 0s to {KeyOverlap.Longest.TotalDays:0}d, such as 30m, 24h or 7d");
                    }

                    overlap = parsed;
                }
            }
        }

        var secret = WebhookSignature.NewSecret();
        var until = time.GetUtcNow() + overlap;
        return await grains.GetDestination(name).RotateSecretAsync(secret, until) is not null
            ? TypedResults.Ok(new RotatedSecret(name, secret, ApiJson.Timestamp(until)))
            : NotFound(name);
    }

    public static async Task<Results<Ok<DestinationDescription>, ProblemHttpResult>> ReplayAsync(string name, HttpRequest request, IGrainFactory grains)
    {
        string? segment = null;
        long? after = null;
        if (HasBody(request))
        {
            var (document, problem) = await JsonBodyReader.ReadAsync(request, 4 * 1024);
            if (problem is not null)
            {
                return problem;
            }

            using (document)
            {
                var root = document!.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return ApiProblems.BadParameter("body", "must be an object such as {\"segment\":\"vip\",\"after\":0}");
                }

                foreach (var property in root.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "segment" when property.Value.ValueKind == JsonValueKind.String && MeasureSpec.NamePattern().IsMatch(property.Value.GetString()!):
                            segment = property.Value.GetString();
                            break;
                        case "segment":
                            return ApiProblems.BadParameter("segment", "must be a segment name");
                        case "after" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var position) && position >= 0:
                            after = position;
                            break;
                        case "after":
                            return ApiProblems.BadParameter("after", "must be a feed position: a whole number, 0 or more (0 replays the whole feed)");
                        default:
                            return ApiProblems.BadParameter(property.Name, "is not a field of a replay (segment, after)");
                    }
                }

                if (after is not null && segment is null)
                {
                    return ApiProblems.BadParameter("segment", "is required with after: positions belong to one segment's feed");
                }
            }
        }

        return await grains.GetDestination(name).ReplayAsync(segment, after) is { } view
            ? TypedResults.Ok(DestinationDescription.From(view))
            : NotFound(name);
    }

    public static async Task<Results<Ok<DeliveryList>, ProblemHttpResult>> DeliveriesAsync(string name, IGrainFactory grains)
    {
        var destination = grains.GetDestination(name);
        if (await destination.GetAsync() is null)
        {
            return NotFound(name);
        }

        return TypedResults.Ok(new DeliveryList(name, [.. (await destination.AttemptsAsync()).Select(DeliveryEntry.From)]));
    }

    private static bool HasBody(HttpRequest request) => request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;

    private static ProblemHttpResult NotFound(string name) =>
        ApiProblems.NotFound(string.Create(CultureInfo.InvariantCulture, $"There is no destination '{name}'."));
}
