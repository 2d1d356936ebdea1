using Microsoft.AspNetCore.Builder;

namespace EngagementGrains.Gateway.Compression;

/// <summary>Inflates gzip request bodies for every route.</summary>
public static class CompressionApplicationBuilderExtensions
{
    /// <summary>
    /// Before authentication, which may read a write key from the body. The inflated body is held to each
    /// route's own limit by the body reader, which stops reading one byte past it: a small bomb never expands.
    /// </summary>
    public static IApplicationBuilder UseEngagementRequestDecompression(this IApplicationBuilder app) => app.UseRequestDecompression();
}
