using System.IO.Compression;
using Microsoft.AspNetCore.RequestDecompression;

namespace EngagementGrains.Gateway.Compression;

/// <summary>Inflates a <c>Content-Encoding: gzip</c> body as it is read, so no route holds more than its own limit of it.</summary>
public sealed class GzipDecompressionProvider : IDecompressionProvider
{
    public Stream GetDecompressionStream(Stream stream) => new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
}
