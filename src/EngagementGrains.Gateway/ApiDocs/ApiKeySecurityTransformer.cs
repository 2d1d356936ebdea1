using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EngagementGrains.Gateway.ApiDocs;

/// <summary>The document's title and the two ways to present a key: <c>Authorization: Bearer KEY</c>, or the key as the Basic user name.</summary>
public sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer";
    public const string Basic = "basic";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "EngagementGrains API",
            Version = "v1",
            Description = "Real-time customer engagement profiles. Every route but the health probes needs a key: "
                + "`Authorization: Bearer KEY`, or the key as the HTTP Basic user name with an empty password (Segment's write key). "
                + "Scopes: `ingest` (write events), `read` (profiles, catalog, definitions), `admin` (keys, definitions, erasure; implies the others). "
                + "Errors are `application/problem+json`; a `503` carries `Retry-After` and may be retried as is.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An EngagementGrains key (egk_…) or the configured admin key.",
        };
        document.Components.SecuritySchemes[Basic] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "The key as the user name and an empty password, as Segment's and RudderStack's clients send a write key.",
        };
        return Task.CompletedTask;
    }
}
