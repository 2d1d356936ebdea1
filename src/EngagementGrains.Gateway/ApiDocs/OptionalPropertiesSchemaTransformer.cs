using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EngagementGrains.Gateway.ApiDocs;

/// <summary>
/// A property left out of the JSON when it is null (<c>identities</c> of an event that carried none, say) is
/// not required in the document: the answer may lack it.
/// </summary>
public sealed class OptionalPropertiesSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Required is not { Count: > 0 } required || context.JsonPropertyInfo is not null)
        {
            return Task.CompletedTask;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            var omitted = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
                .OfType<JsonIgnoreAttribute>()
                .Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) ?? false;
            if (omitted)
            {
                required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }
}
