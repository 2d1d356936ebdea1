using Microsoft.Extensions.DependencyInjection;

namespace EngagementGrains.Gateway.Compression;

/// <summary>Registers request decompression: gzip alone, the encoding the tracking clients send.</summary>
public static class CompressionServiceCollectionExtensions
{
    // Only gzip is wired: any other encoding stays on the request and the body reader answers 415 naming it,
    // rather than a stream nobody tested being inflated.
    public const string Gzip = "gzip";

    public static IServiceCollection AddEngagementRequestDecompression(this IServiceCollection services) =>
        services.AddRequestDecompression(options =>
        {
            options.DecompressionProviders.Clear();
            options.DecompressionProviders.Add(Gzip, new GzipDecompressionProvider());
        });
}
