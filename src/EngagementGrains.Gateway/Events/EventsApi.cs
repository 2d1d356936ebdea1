using EngagementGrains.Gateway.Limits;
using System.Diagnostics;
using EngagementGrains.Core.Events;
using EngagementGrains.Gateway.ApiDocs;
using EngagementGrains.Gateway.Cors;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Events;

/// <summary>The ingestion route: <c>POST /v1/events</c>.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/events", IngestAsync)
            .RequireScope(Scopes.Ingest)
            .AllowsBrowserIngest()
            .WithName("IngestEvents")
            .WithTags("Events")
            .WithSummary("Ingest one event or an array of events; 202 once all are durable and applied.")
            .WithDescription("The body is one event object or an array of them (at most 32 KB an event, 500 KB a request). "
                + "An eventId the individual already has counts as a duplicate and changes nothing. "
                + "Any invalid event rejects the whole request, every mistake listed, and nothing is stored.")
            .Accepts<IReadOnlyList<EventEnvelope>>("application/json")
            .AcceptsOneOrMany()
            .Produces<BadRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> IngestAsync(
        HttpRequest request, EventValidator validator, EventIngestion ingestion, IngestMetrics metrics, EventQuota quota)
    {
        var started = Stopwatch.GetTimestamp();
        var (document, problem) = await JsonBodyReader.ReadAsync(request, validator.Limits.MaxRequestBytes);
        if (problem is not null)
        {
            metrics.Rejected(1);
            return problem;
        }

        using (document)
        {
            var errors = new List<ValidationError>();
            var events = validator.ValidateRequest(document!.RootElement, errors);
            if (errors.Count > 0)
            {
                metrics.Rejected(Math.Max(1, document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
                    ? document.RootElement.GetArrayLength() : 1));
                return ApiProblems.Invalid(errors);
            }

            if (quota.Take(request.HttpContext, events.Count) is { } limited)
            {
                metrics.Rejected(events.Count);
                return limited;
            }

            return TypedResults.Accepted((string?)null, await ingestion.IngestAsync(events, started));
        }
    }
}
