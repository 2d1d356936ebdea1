using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace EngagementGrains.Gateway.ApiDocs;

/// <summary>Registers the OpenAPI document of the HTTP API, generated from the routes and their typed answers.</summary>
public static class ApiDocsServiceCollectionExtensions
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddEngagementApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<ApiKeySecurityTransformer>();
            options.AddOperationTransformer<ScopeOperationTransformer>();
            options.AddSchemaTransformer<OptionalPropertiesSchemaTransformer>();
            // Stored JSON passed through (attributes, values, definitions) is any JSON: inline, not a component of its own.
            options.CreateSchemaReferenceId = type =>
                type.Type == typeof(JsonElement) || type.Type == typeof(JsonElement?) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        });
}
