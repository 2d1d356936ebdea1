using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace EngagementGrains.Gateway.ApiDocs;

/// <summary>Describes in the API document what a route reads without parameter binding.</summary>
public static class ApiDocsConventionExtensions
{
    public static TBuilder WithQueryParameter<TBuilder>(this TBuilder builder, string name, string description, JsonSchemaType type = JsonSchemaType.String)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryParameterDoc(name, type, description));

    /// <summary>The body is one item or an array of them; declare the array with <c>Accepts</c>.</summary>
    public static TBuilder AcceptsOneOrMany<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OneOrManyBody());
}
