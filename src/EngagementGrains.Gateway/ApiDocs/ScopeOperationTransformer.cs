using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EngagementGrains.Gateway.ApiDocs;

/// <summary>
/// Adds to each operation the scope its key needs (as the security requirement's role, and in words), the
/// query parameters the route reads itself, and the single-item form of a body that may be one or many.
/// </summary>
public sealed class ScopeOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().LastOrDefault() is { } authorize)
        {
            var scopes = authorize.Policy is { } scope ? new List<string> { scope } : [];
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySecurityTransformer.Bearer, context.Document)] = scopes },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySecurityTransformer.Basic, context.Document)] = [.. scopes] },
            ];
            var needs = authorize.Policy is { } policy
                ? $"Scope: `{policy}`{(policy == Keys.Scopes.Admin ? "" : " (or `admin`)")}."
                : "Scope: any valid key.";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? needs : $"{operation.Description}\n\n{needs}";
        }

        foreach (var query in metadata.OfType<QueryParameterDoc>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = query.Name,
                In = ParameterLocation.Query,
                Description = query.Description,
                Schema = new OpenApiSchema { Type = query.Type },
            });
        }

        if (metadata.OfType<OneOrManyBody>().Any() && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values)
            {
                if (media.Schema is OpenApiSchema { Items: { } item } array)
                {
                    media.Schema = new OpenApiSchema { OneOf = [item, array] };
                }
            }
        }

        return Task.CompletedTask;
    }
}
