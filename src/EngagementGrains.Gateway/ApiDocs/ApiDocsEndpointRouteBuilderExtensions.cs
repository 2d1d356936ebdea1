using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace EngagementGrains.Gateway.ApiDocs;

/// <summary>Serves the OpenAPI document and a browsable reference of it, both without a key.</summary>
public static class ApiDocsEndpointRouteBuilderExtensions
{
    public const string DocumentPattern = "/openapi/{documentName}.json";
    public const string DocumentPath = "/openapi/" + ApiDocsServiceCollectionExtensions.DocumentName + ".json";
    public const string ReferencePath = "/docs";

    public static IEndpointRouteBuilder MapEngagementApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPattern);
        // Scalar serves its own script from the package: the page works without the internet.
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("EngagementGrains API")
            .WithOpenApiRoutePattern(DocumentPattern)
            .AddPreferredSecuritySchemes(ApiKeySecurityTransformer.Bearer));
        return app;
    }
}
