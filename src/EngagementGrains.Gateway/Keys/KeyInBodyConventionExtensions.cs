using Microsoft.AspNetCore.Builder;

namespace EngagementGrains.Gateway.Keys;

/// <summary>Lets a route's clients send their key in the body.</summary>
public static class KeyInBodyConventionExtensions
{
    /// <summary>A request without an Authorization header is authenticated by the body's <c>writeKey</c>.</summary>
    public static TBuilder AcceptsKeyInBody<TBuilder>(this TBuilder builder, int maxBytes, bool acceptsTextAndForm)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new KeyInBodyMetadata(maxBytes, acceptsTextAndForm));
}
