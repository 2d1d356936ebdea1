using System.Text.Json;
using EngagementGrains.Core.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EngagementGrains.Gateway.Problems;

/// <summary>The RFC 7807 answers of the API, each naming what was wrong.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Invalid(IReadOnlyList<ValidationError> errors, string title = "The request has invalid events") =>
        TypedResults.Problem(
            title: title,
            detail: errors.Count == 1
                ? Describe(errors[0])
                : $"{errors.Count} errors; the request was rejected whole and nothing of it was stored.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new EventError(e.Index, e.Field, e.Message)).ToArray(),
            });

    public static ProblemHttpResult InvalidDefinition(string title, IReadOnlyList<Core.Conditions.DefinitionError> errors) =>
        TypedResults.Problem(
            title: title,
            detail: string.Join("; ", errors.Select(e => e.Path.Length == 0 ? e.Message : $"{e.Path}: {e.Message}")),
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new FieldError(e.Path, e.Message)).ToArray(),
            });

    public static ProblemHttpResult BadParameter(string parameter, string message) =>
        TypedResults.Problem(
            title: $"Invalid parameter '{parameter}'",
            detail: $"{parameter} {message}",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = parameter });

    public static ProblemHttpResult MalformedJson(JsonException error) =>
        TypedResults.Problem(
            title: "The body is not valid JSON",
            detail: $"JSON breaks at line {(error.LineNumber ?? 0) + 1}, position {(error.BytePositionInLine ?? 0) + 1}: {FirstSentence(error.Message)}",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["line"] = (error.LineNumber ?? 0) + 1,
                ["position"] = (error.BytePositionInLine ?? 0) + 1,
                ["path"] = error.Path,
            });

    public static ProblemHttpResult NotUtf8(int offset) =>
        TypedResults.Problem(
            title: "The body is not valid UTF-8",
            detail: $"JSON must be UTF-8; the bytes at offset {offset} are not.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = "body", ["offset"] = offset });

    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(
            title: "The request is too large",
            detail: $"The body exceeds the limit of {limit} bytes (counted after inflating a gzipped body); send fewer events per request.",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>A 429 with <c>Retry-After</c> in whole seconds (at least 1), so a client backs off for as long as it must.</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            title: "Too many requests",
            detail: $"{detail} Retry after {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests,
            extensions: new Dictionary<string, object?> { ["retryAfter"] = seconds });
    }

    public static ProblemHttpResult HeadersTooLarge(long bytes, int limit) =>
        TypedResults.Problem(
            title: "The request headers are too large",
            detail: $"The headers hold {bytes} bytes; the limit is {limit}.",
            statusCode: StatusCodes.Status431RequestHeaderFieldsTooLarge,
            extensions: new Dictionary<string, object?> { ["field"] = "headers" });

    public static ProblemHttpResult UnsupportedMediaType(string? contentType, bool acceptsTextAndForm = false) =>
        TypedResults.Problem(
            title: "Unsupported content type",
            detail: acceptsTextAndForm
                ? $"Send JSON as application/json, text/plain or application/x-www-form-urlencoded, not '{contentType}'."
                : $"Send application/json, not '{contentType}'.",
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            extensions: new Dictionary<string, object?> { ["field"] = "Content-Type" });

    public static ProblemHttpResult UnsupportedEncoding(string encoding) =>
        TypedResults.Problem(
            title: "Unsupported content encoding",
            detail: $"Send the body as it is or gzipped (Content-Encoding: gzip), not '{encoding}'.",
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            extensions: new Dictionary<string, object?> { ["field"] = "Content-Encoding" });

    public static ProblemHttpResult MalformedGzip() =>
        TypedResults.Problem(
            title: "The body is not valid gzip",
            detail: "body is sent with Content-Encoding: gzip but is not a whole gzip stream; nothing of it was stored.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = "body" });

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);

    private static string Describe(ValidationError error) =>
        error.Field.Length == 0 ? $"event {error.Index}: {error.Message}" : $"event {error.Index}: {error.Field} {error.Message}";

    // System.Text.Json appends its own "Path: ... | LineNumber: ..." which the extensions already carry.
    private static string FirstSentence(string message)
    {
        foreach (var marker in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message;
    }
}
