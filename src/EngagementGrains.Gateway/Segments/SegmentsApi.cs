using EngagementGrains.Core.Segments;
using Microsoft.Extensions.Options;
using EngagementGrains.Gateway.Limits;
using EngagementGrains.Abstractions.Keys;
using System.Security.Claims;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Abstractions.Segments;
using EngagementGrains.Gateway.ApiDocs;
using EngagementGrains.Gateway.Definitions;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace EngagementGrains.Gateway.Segments;

/// <summary>Segment members (paged), one member with an explanation, and the live change feed (SSE).</summary>
public static class SegmentsApi
{
    public const int MaxPage = 1000;

    public static IEndpointRouteBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var segments = app.MapGroup("/v1/segments/{name}").RequireScope(Scopes.Read).WithTags("Segments")
            .ProducesProblem(StatusCodes.Status404NotFound);
        segments.MapGet("/members", MembersAsync).WithName("ListSegmentMembers").WithSummary("Members in a stable order, paged with a cursor.")
            .WithQueryParameter("limit", $"1 to {MaxPage}; 100 by default.", JsonSchemaType.Integer)
            .WithQueryParameter("cursor", "The nextCursor of the previous page.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        segments.MapGet("/members/{id}", MemberAsync).WithName("GetSegmentMember")
            .WithSummary("Whether an individual is a member, since when, and which conditions held with which values.");
        segments.MapGet("/changes", ChangesAsync).WithName("SegmentChanges")
            .WithSummary("Server-Sent Events of every enter and exit; resume with Last-Event-ID.")
            .WithDescription("Each event is `id: <sequence>`, `event: enter|exit`, `data: <SegmentChangeMessage as JSON>`; "
                + "a comment line every 15 s keeps an idle connection open. Resume with the Last-Event-ID header or ?after=.")
            .WithQueryParameter("after", "Resume after this event id (as Last-Event-ID).", JsonSchemaType.Integer)
            .Produces<SegmentChangeMessage>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static async Task<Results<Ok<SegmentMemberPage>, ProblemHttpResult>> MembersAsync(string name, HttpRequest request, IGrainFactory grains)
    {
        if (await DefinitionsApi.FindAsync(grains, DefinitionKind.Segments, name) is null)
        {
            return ApiProblems.NotFound($"There is no segment '{name}'.");
        }

        var limit = 100;
        if (request.Query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPage))
        {
            return ApiProblems.BadParameter("limit", $"must be a whole number from 1 to {MaxPage}");
        }

        var after = "";
        if (request.Query.TryGetValue("cursor", out var cursor))
        {
            if (DecodeCursor(cursor.ToString()) is not { } decoded)
            {
                return ApiProblems.BadParameter("cursor", "is not a cursor returned by this API");
            }

            after = decoded;
        }

        var page = await grains.GetGrain<ISegmentQueryGrain>(name).MembersAsync(after, limit + 1);
        var members = page.Take(limit).ToArray();
        return TypedResults.Ok(new SegmentMemberPage(
            name,
            members.Select(m => new SegmentMemberEntry(m.IndividualId, ApiJson.Timestamp(m.Since))).ToArray(),
            page.Count > limit ? EncodeCursor(members[^1].IndividualId) : null));
    }

    public static async Task<Results<Ok<MemberExplanation>, ProblemHttpResult>> MemberAsync(string name, string id, IGrainFactory grains)
    {
        if (await DefinitionsApi.FindAsync(grains, DefinitionKind.Segments, name) is null)
        {
            return ApiProblems.NotFound($"There is no segment '{name}'.");
        }

        var explanation = await grains.GetGrain<IIndividualGrain>(id).ExplainAsync(name);
        var member = await grains.GetGrain<ISegmentQueryGrain>(name).FindAsync(id);
        return TypedResults.Ok(new MemberExplanation(
            name, id, member is not null, member is null ? null : ApiJson.Timestamp(member.Since),
            explanation is null ? null : ConditionExplanation.From(explanation)));
    }

    public static async Task ChangesAsync(
        string name, HttpContext context, IGrainFactory grains, StreamQuota streams, SegmentFeedSignal signal, IOptions<ChangeFeedOptions> feed)
    {
        using var slot = KeyPartition.Of(context) is { } key ? streams.TryOpen(key) : null;
        if (slot is null)
        {
            await ApiProblems.TooManyRequests(context, s_streamRetry,
                $"This key holds its limit of {streams.Limit} open change streams on this Host; close one first.").ExecuteAsync(context);
            return;
        }

        if (await DefinitionsApi.FindAsync(grains, DefinitionKind.Segments, name) is null)
        {
            await ApiProblems.NotFound($"There is no segment '{name}'.").ExecuteAsync(context);
            return;
        }

        var resumeFrom = context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header ? header : context.Request.Query["after"].ToString();
        long after = 0;
        if (resumeFrom.Length > 0 && !long.TryParse(resumeFrom, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            await ApiProblems.BadParameter("Last-Event-ID", "must be the id of an event from this feed").ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await new ChangeStream(context, grains, signal, feed.Value, name).RunAsync(after);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The consumer went away; it resumes with Last-Event-ID.
        }
    }

    private static readonly TimeSpan s_streamRetry = TimeSpan.FromSeconds(5);

    private static string EncodeCursor(string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id));

    private static string? DecodeCursor(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
