using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EngagementGrains.Gateway.Problems;

/// <summary>Reads a JSON request body within a size limit, turning every client mistake into a problem.</summary>
public static class JsonBodyReader
{
    /// <summary>Returns the parsed document, or the problem to answer with.</summary>
    /// <param name="request">The request whose body is read (inflated first when it came gzipped).</param>
    /// <param name="maxBytes">The most bytes of JSON the body may hold, counted after inflating.</param>
    /// <param name="acceptsTextAndForm">
    /// Also take JSON labelled <c>text/plain</c> (analytics.js, to spare a preflight) or
    /// <c>application/x-www-form-urlencoded</c> (RudderStack's Node SDK, for its gzipped batches).
    /// </param>
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, int maxBytes, bool acceptsTextAndForm = false)
    {
        if (request.HttpContext.Features.Get<JsonBodyRead>() is { } earlier)
        {
            // Read once already, by authentication looking for a write key in the body.
            request.HttpContext.Features.Set<JsonBodyRead>(null);
            return (earlier.Document, earlier.Problem);
        }

        return await ReadBodyAsync(request, maxBytes, acceptsTextAndForm);
    }

    /// <summary>Reads the body for a look before the route runs; the route's own read then gets the same answer.</summary>
    public static async Task<JsonDocument?> PeekAsync(HttpRequest request, int maxBytes, bool acceptsTextAndForm)
    {
        var (document, problem) = await ReadBodyAsync(request, maxBytes, acceptsTextAndForm);
        if (document is not null)
        {
            request.HttpContext.Response.RegisterForDispose(document);
        }

        request.HttpContext.Features.Set(new JsonBodyRead(document, problem));
        return document;
    }

    private static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadBodyAsync(
        HttpRequest request, int maxBytes, bool acceptsTextAndForm)
    {
        var contentType = request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && !IsAccepted(contentType, acceptsTextAndForm))
        {
            return (null, ApiProblems.UnsupportedMediaType(contentType, acceptsTextAndForm));
        }

        // Request decompression removes the encodings it inflated; one still here is one it does not know.
        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding
            && !string.Equals(encoding.Trim(), "identity", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.UnsupportedEncoding(encoding));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, ApiProblems.TooLarge(maxBytes));
        }

        try
        {
            return await ReadLimitedAsync(request, maxBytes);
        }
        catch (InvalidDataException)
        {
            // GZipStream's word for a stream that is not gzip or is cut short.
            return (null, ApiProblems.MalformedGzip());
        }
    }

    private static bool IsAccepted(string contentType, bool acceptsTextAndForm)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || (acceptsTextAndForm
                && (string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)));
    }

    private static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadLimitedAsync(HttpRequest request, int maxBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, (int)(request.ContentLength ?? 16 * 1024) + 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        return (null, ApiProblems.TooLarge(maxBytes));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length));
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > maxBytes)
            {
                return (null, ApiProblems.TooLarge(maxBytes));
            }

            if (length == 0)
            {
                return (null, ApiProblems.BadParameter("body", "is empty; send an event object or an array of events"));
            }

            // JSON must be UTF-8 (RFC 8259); the parser leaves bad bytes inside strings until they are read, deep in
            // validation, so they are refused here, before anything looks at the body.
            if (!Utf8.IsValid(buffer.AsSpan(0, length)))
            {
                return (null, ApiProblems.NotUtf8(FirstInvalidByte(buffer.AsSpan(0, length))));
            }

            if (LoneSurrogate(buffer.AsSpan(0, length)) is { } escaped)
            {
                return (null, ApiProblems.BadParameter("body", $"holds the escape '{escaped}', half of a UTF-16 pair: JSON text must be valid Unicode"));
            }

            try
            {
                // The document copies what it needs, so the pooled buffer can go back at once. A name given twice in
                // one object is ambiguous (which value did the sender mean?) and breaks every later copy into a
                // JsonObject, so it is refused here, once, for every route.
                return (JsonDocument.Parse(buffer.AsMemory(0, length).ToArray(), new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }), null);
            }
            catch (JsonException error)
            {
                return (null, ApiProblems.MalformedJson(error));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // "\ud83d" alone is well-formed JSON but no text: reading it as a string throws wherever that happens, so
    // every escaped string is read once here. Only strings with escapes are looked at, so this costs little.
    private static string? LoneSurrogate(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    try
                    {
                        reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                        var at = raw.IndexOf("\\u", StringComparison.OrdinalIgnoreCase);
                        return at >= 0 && at + 6 <= raw.Length ? raw.Substring(at, 6) : "\\u";
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: the parser below says where it breaks.
        }

        return null;
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> body)
    {
        var chars = new char[body.Length];
        Utf8.ToUtf16(body, chars, out var read, out _, replaceInvalidSequences: false);
        return read;
    }
}
