using EngagementGrains.Gateway.Limits;
using EngagementGrains.Abstractions.Events;
using System.Diagnostics;
using System.Text.Json;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Sources;
using EngagementGrains.Gateway.Events;
using EngagementGrains.Gateway.Cors;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EngagementGrains.Gateway.Sources;

/// <summary>
/// <c>POST /v1/sources/{source}</c>: records in the native formats of the seed systems, mapped to
/// canonical events and ingested like <c>POST /v1/events</c>; a request with any bad record is rejected whole.
/// </summary>
public static class SourcesApi
{
    /// <summary>Exports are bigger than event batches: a conversation history page, a day of SMS engagement.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/sources/{source}", IngestAsync)
            .RequireScope(Scopes.Ingest)
            .AllowsBrowserIngest()
            .WithName("IngestSource")
            .WithTags("Sources")
            .WithSummary("Ingest records of a native source: salesforce-message-engagement, dynamics-interactions, liveperson-conversations.")
            .WithDescription("The body is the seed system's export as it comes (see docs/sources.md), up to 4 MB. "
                + "Each record maps to canonical events, ingested like POST /v1/events; a request with any bad record is rejected whole.")
            .Accepts<System.Text.Json.JsonElement>("application/json")
            .Produces<BadRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Accepted<SourceIngestResponse>, ProblemHttpResult>> IngestAsync(
        string source, HttpRequest request, IEnumerable<ISourceFormat> formats, EventValidator validator, EventIngestion ingestion, EventQuota quota)
    {
        var started = Stopwatch.GetTimestamp();
        var known = formats.ToArray();
        var format = Array.Find(known, f => string.Equals(f.Name, source, StringComparison.Ordinal));
        if (format is null)
        {
            return ApiProblems.NotFound($"There is no source '{source}'; the sources are {string.Join(", ", known.Select(f => f.Name).Order(StringComparer.Ordinal))}.");
        }

        var (document, problem) = await JsonBodyReader.ReadAsync(request, MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var errors = new List<ValidationError>();
            var mapped = format.Map(document!.RootElement, errors);
            var events = new List<IncomingEvent>(mapped.Count);
            foreach (var item in mapped)
            {
                var valid = validator.Validate(JsonSerializer.SerializeToElement(item.Event, MappedEvents.Options), item.Record, errors);
                if (valid is not null)
                {
                    events.Add(valid);
                }
            }

            if (errors.Count > 0)
            {
                return ApiProblems.Invalid(errors, $"The {source} records are invalid");
            }

            if (quota.Take(request.HttpContext, events.Count) is { } limited)
            {
                return limited;
            }

            var records = mapped.Select(m => m.Record).Distinct().Count();
            var result = events.Count == 0 ? new IngestResponse(0, 0, 0) : await ingestion.IngestAsync(events, started);
            return TypedResults.Accepted((string?)null, new SourceIngestResponse(records, result.Accepted, result.Duplicates, result.Suppressed));
        }
    }
}
