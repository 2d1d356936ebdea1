using EngagementGrains.Core.Time;
using System.Text.Json;
using EngagementGrains.Abstractions.Keys;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Audit;
using EngagementGrains.Core.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Keys;

/// <summary>Key management (admin): create, list, rotate with an overlap, revoke; every change is audited.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/keys").RequireScope(Scopes.Admin).WithTags("Keys");
        keys.MapPost("/", CreateAsync).WithName("CreateKey").WithSummary("Create a key with scopes and an optional expiry; the secret is returned once.")
            .Accepts<CreateKeyRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Audited("key.create");
        keys.MapGet("/", ListAsync).WithName("ListKeys").WithSummary("Every key: scopes, expiry, last use, rotation, revocation; never a secret.");
        keys.MapGet("/{id}", GetAsync).WithName("GetKey").WithSummary("One key, as the list shows it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapPost("/{id}/rotate", RotateAsync).WithName("RotateKey")
            .WithSummary("Give a key a new secret; the old one keeps working for the overlap (24h by default), so senders move without a gap.")
            .Accepts<RotateKeyRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Audited("key.rotate", "id");
        keys.MapDelete("/{id}", RevokeAsync).WithName("RevokeKey").WithSummary("Revoke a key at once.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Audited("key.revoke", "id");
        return app;
    }

    public static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, IGrainFactory grains, EngagementClock time)
    {
        var (document, problem) = await JsonBodyReader.ReadAsync(request, 16 * 1024);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("scopes", out var scopesElement)
                || scopesElement.ValueKind != JsonValueKind.Array
                || scopesElement.GetArrayLength() == 0)
            {
                return ApiProblems.BadParameter("scopes", $"is required: a non-empty array of {string.Join(", ", Scopes.All)}");
            }

            var scopes = new List<string>();
            foreach (var scope in scopesElement.EnumerateArray())
            {
                var name = scope.ValueKind == JsonValueKind.String ? scope.GetString()! : "";
                if (!Scopes.All.Contains(name))
                {
                    return ApiProblems.BadParameter("scopes", $"holds '{scope}', which is not one of {string.Join(", ", Scopes.All)}");
                }

                if (!scopes.Contains(name))
                {
                    scopes.Add(name);
                }
            }

            var createdAt = time.GetUtcNow();
            DateTimeOffset? expiresAt = null;
            if (root.TryGetProperty("expiresAt", out var expiry) && expiry.ValueKind != JsonValueKind.Null)
            {
                if (EventTimestamps.Read(expiry, out var error) is not { } at)
                {
                    return ApiProblems.BadParameter("expiresAt", error ?? "must be an ISO-8601 instant with an offset");
                }

                if (at <= createdAt)
                {
                    return ApiProblems.BadParameter("expiresAt", "must be in the future");
                }

                expiresAt = at;
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("scopes" or "expiresAt"))
                {
                    return ApiProblems.BadParameter(property.Name, "is not a field of a key (scopes, expiresAt)");
                }
            }

            var (id, key, secret) = ApiKeySecret.Generate();
            await grains.GetGrain<IApiKeyGrain>(id).CreateAsync(new ApiKeyRecord(ApiKeySecret.Hash(secret), scopes, createdAt, expiresAt));
            return TypedResults.Created($"/v1/keys/{id}", new CreatedKey(id, key, scopes, createdAt, expiresAt));
        }
    }

    public static async Task<Ok<KeyList>> ListAsync(IGrainFactory grains, EngagementClock time)
    {
        var ids = await grains.GetGrain<IApiKeyRegistryGrain>(0).ListAsync();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IApiKeyGrain>(id).DescribeAsync()));
        var now = time.GetUtcNow();
        return TypedResults.Ok(new KeyList(views.OfType<ApiKeyView>().Select(v => KeyDescription.From(v, now)).ToArray()));
    }

    public static async Task<Results<Ok<KeyDescription>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, EngagementClock time) =>
        await grains.GetGrain<IApiKeyGrain>(id).DescribeAsync() is { } view
            ? TypedResults.Ok(KeyDescription.From(view, time.GetUtcNow()))
            : ApiProblems.NotFound($"There is no key '{id}'.");

    public static async Task<Results<Ok<RotatedKey>, ProblemHttpResult>> RotateAsync(string id, HttpRequest request, IGrainFactory grains, EngagementClock time)
    {
        var overlap = TimeSpan.FromHours(24);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
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

        var (_, key, secret) = ApiKeySecret.Generate(id);
        var until = time.GetUtcNow() + overlap;
        return await grains.GetGrain<IApiKeyGrain>(id).RotateAsync(ApiKeySecret.Hash(secret), until) is not null
            ? TypedResults.Ok(new RotatedKey(id, key, Profiles.ApiJson.Timestamp(until)))
            : ApiProblems.NotFound($"There is no active key '{id}'.");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, IGrainFactory grains)
    {
        return await grains.GetGrain<IApiKeyGrain>(id).RevokeAsync()
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"There is no active key '{id}'.");
    }
}
