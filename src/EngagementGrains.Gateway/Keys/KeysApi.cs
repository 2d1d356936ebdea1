using EngagementGrains.Core.Time;
using System.Text.Json;
using EngagementGrains.Abstractions.Keys;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Keys;

/// <summary>Key management: <c>POST /v1/keys</c> and <c>DELETE /v1/keys/{id}</c> (admin).</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/keys").RequireScope(Scopes.Admin).WithTags("Keys");
        keys.MapPost("/", CreateAsync).WithName("CreateKey").WithSummary("Create a key with scopes; the secret is returned once.")
            .Accepts<CreateKeyRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        keys.MapDelete("/{id}", RevokeAsync).WithName("RevokeKey").WithSummary("Revoke a key at once.")
            .ProducesProblem(StatusCodes.Status404NotFound);
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

            var (id, key, secret) = ApiKeySecret.Generate();
            var createdAt = time.GetUtcNow();
            await grains.GetGrain<IApiKeyGrain>(id).CreateAsync(new ApiKeyRecord(ApiKeySecret.Hash(secret), scopes, createdAt));
            return TypedResults.Created($"/v1/keys/{id}", new CreatedKey(id, key, scopes, createdAt));
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, IGrainFactory grains)
    {
        return await grains.GetGrain<IApiKeyGrain>(id).RevokeAsync()
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"There is no active key '{id}'.");
    }
}
