using EngagementGrains.Gateway.Limits;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Time;
using System.Diagnostics;
using System.Text.Json;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Tracking;
using EngagementGrains.Gateway.Cors;
using EngagementGrains.Gateway.Events;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Tracking;

/// <summary>
/// The Segment HTTP Tracking API (<c>/v1/track</c>, <c>/identify</c>, <c>/page</c>, <c>/screen</c>,
/// <c>/group</c>, <c>/alias</c>, <c>/batch</c>, and analytics.js's <c>/v1/t</c> … <c>/v1/b</c>), so Segment's
/// and RudderStack's clients, in servers and in pages, work by changing their host alone. It answers as Segment does, <c>200 {"success":true}</c>, once every call is durable.
/// </summary>
public static class TrackingApi
{
    /// <summary>Segment's limit for a batch request.</summary>
    public const int MaxBatchBytes = 500 * 1024;

    public static IEndpointRouteBuilder MapTrackingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireScope(Scopes.Ingest).AllowsBrowserIngest().WithTags("Tracking")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        foreach (var callType in TrackingCallType.All)
        {
            MapCall(group, "/" + callType, callType, "Track" + char.ToUpperInvariant(callType[0]) + callType[1..], $"A Segment '{callType}' call.");
        }

        foreach (var (letter, callType) in TrackingPaths.Short)
        {
            MapCall(group, "/" + letter, callType, "TrackShort" + char.ToUpperInvariant(letter[0]),
                $"A '{callType}' call as analytics.js posts it (the short path of /v1/{callType}).");
        }

        MapBatch(group, "/batch", "TrackBatch", "A Segment batch of calls of any type.");
        MapBatch(group, "/" + TrackingPaths.ShortBatch, "TrackShortB", "A batch as analytics.js posts it (the short path of /v1/batch).");
        return app;
    }

    private static void MapCall(RouteGroupBuilder group, string path, string callType, string name, string summary) =>
        group.MapPost(path, (HttpRequest request, EventValidator validator, EventIngestion ingestion, EngagementClock time, EventQuota quota) =>
                IngestAsync(request, callType, validator, ingestion, time, quota))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription("As Segment's HTTP Tracking API: 200 {\"success\":true} once durable; at most 32 KB after inflating. "
                + "JSON as application/json, text/plain or application/x-www-form-urlencoded, optionally gzipped. "
                + "The key may be the Basic user name or the body's writeKey.")
            .Accepts<TrackingCall>("application/json", "text/plain", "application/x-www-form-urlencoded")
            .AcceptsKeyInBody(TrackingCallMapper.MaxCallBytes, acceptsTextAndForm: true)
            .Produces<BadRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json");

    private static void MapBatch(RouteGroupBuilder group, string path, string name, string summary) =>
        group.MapPost(path, (HttpRequest request, EventValidator validator, EventIngestion ingestion, EngagementClock time, EventQuota quota) =>
                IngestAsync(request, null, validator, ingestion, time, quota))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription("At most 500 KB after inflating and 32 KB a call; a batch with any invalid call is rejected whole. "
                + "JSON as application/json, text/plain or application/x-www-form-urlencoded, optionally gzipped.")
            .Accepts<TrackingBatch>("application/json", "text/plain", "application/x-www-form-urlencoded")
            .AcceptsKeyInBody(MaxBatchBytes, acceptsTextAndForm: true)
            .Produces<BadRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json");

    public static async Task<Results<Ok<TrackingResponse>, ProblemHttpResult>> IngestAsync(
        HttpRequest request, string? callType, EventValidator validator, EventIngestion ingestion, EngagementClock time, EventQuota quota)
    {
        var started = Stopwatch.GetTimestamp();
        var receivedAt = time.GetUtcNow();
        var limit = callType is null ? MaxBatchBytes : TrackingCallMapper.MaxCallBytes;
        var (document, problem) = await JsonBodyReader.ReadAsync(request, limit, acceptsTextAndForm: true);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;
            var errors = new List<ValidationError>();
            var calls = ReadCalls(root, callType, errors, out var sentAt, out var context);
            var events = new List<IncomingEvent>(calls.Count);
            for (var i = 0; i < calls.Count; i++)
            {
                var mapped = TrackingCallMapper.Map(calls[i], callType, i, sentAt, context, receivedAt, errors);
                if (mapped is null)
                {
                    continue;
                }

                var canonical = new List<ValidationError>();
                var valid = validator.Validate(JsonSerializer.SerializeToElement(mapped, MappedEvents.Options), i, canonical);
                errors.AddRange(canonical.Select(e => e with { Field = TrackingFieldNames.ToCallField(e.Field) }));
                if (valid is not null)
                {
                    events.Add(valid);
                }
            }

            if (errors.Count > 0)
            {
                return ApiProblems.Invalid(errors, callType is null ? "The batch has invalid calls" : "The call is invalid");
            }

            if (quota.Take(request.HttpContext, events.Count) is { } limited)
            {
                return limited;
            }

            await ingestion.IngestAsync(events, started);
            return TypedResults.Ok(new TrackingResponse(true));
        }
    }

    private static List<JsonElement> ReadCalls(
        JsonElement root, string? callType, List<ValidationError> errors, out DateTimeOffset? sentAt, out JsonElement? context)
    {
        sentAt = null;
        context = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(0, "", callType is null ? "the body must be an object with a 'batch' array" : "the body must be a call object"));
            return [];
        }

        if (callType is not null)
        {
            return [root];
        }

        sentAt = TrackingTimestamps.Read(root, "sentAt", 0, errors);
        context = root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : null;
        if (!root.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError(0, "batch", "is required: an array of calls"));
            return [];
        }

        if (batch.GetArrayLength() == 0)
        {
            errors.Add(new ValidationError(0, "batch", "holds no calls"));
        }

        return batch.EnumerateArray().ToList();
    }
}
