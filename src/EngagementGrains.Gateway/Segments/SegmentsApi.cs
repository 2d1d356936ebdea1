using EngagementGrains.Core.Time;
using Microsoft.Extensions.DependencyInjection;
using EngagementGrains.Gateway.Limits;
using EngagementGrains.Abstractions.Keys;
using System.Security.Claims;
using System.Diagnostics;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
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

    /// <summary>How often the feed looks for new changes; far below the 2-second freshness the contract promises.</summary>
    public static readonly TimeSpan FeedPollInterval = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(15);

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

    public static async Task ChangesAsync(string name, HttpContext context, IGrainFactory grains, StreamQuota streams)
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

        var query = grains.GetGrain<ISegmentQueryGrain>(name);
        var quiet = TimeSpan.Zero;
        var keyCheckedAt = Stopwatch.GetTimestamp();
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                // A stream outlives the request that opened it: its key is asked again, so a revoked key stops reading.
                if (Stopwatch.GetElapsedTime(keyCheckedAt) >= s_keyRecheck)
                {
                    if (!await StillAuthorizedAsync(context, grains))
                    {
                        return;
                    }

                    keyCheckedAt = Stopwatch.GetTimestamp();
                }

                var changes = await query.ChangesAsync(after, 500);

                // Nothing is delivered on a key revoked since it was last asked, however recently that was.
                if (changes.Count > 0 && !await StillAuthorizedAsync(context, grains))
                {
                    return;
                }

                foreach (var change in changes)
                {
                    var data = JsonSerializer.Serialize(
                        new SegmentChangeMessage(name, change.IndividualId, change.Entered ? "enter" : "exit", ApiJson.Timestamp(change.At)),
                        Serialization.GatewayJsonContext.Default.SegmentChangeMessage);
                    await response.WriteAsync(
                        string.Create(CultureInfo.InvariantCulture, $"id: {change.Sequence}\nevent: {(change.Entered ? "enter" : "exit")}\ndata: {data}\n\n"),
                        context.RequestAborted);
                    after = change.Sequence;
                }

                if (changes.Count > 0)
                {
                    await response.Body.FlushAsync(context.RequestAborted);
                    quiet = TimeSpan.Zero;
                    continue;
                }

                quiet += FeedPollInterval;
                if (quiet >= s_keepAlive)
                {
                    await response.WriteAsync(": keep-alive\n\n", context.RequestAborted);
                    await response.Body.FlushAsync(context.RequestAborted);
                    quiet = TimeSpan.Zero;
                }

                await Task.Delay(FeedPollInterval, context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The consumer went away; it resumes with Last-Event-ID.
        }
    }

    private static readonly TimeSpan s_keyRecheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_streamRetry = TimeSpan.FromSeconds(5);

    // The bootstrap admin key comes from configuration and cannot be revoked; any other is asked of its grain.
    private static async Task<bool> StillAuthorizedAsync(HttpContext context, IGrainFactory grains)
    {
        var keyId = KeyPartition.Of(context);
        if (keyId is null or "admin")
        {
            return keyId is not null;
        }

        var record = await grains.GetGrain<IApiKeyGrain>(keyId).GetAsync();
        var now = context.RequestServices.GetRequiredService<EngagementClock>().GetUtcNow();
        return record is not null && !(record.ExpiresAt <= now) && record.Scopes.Any(s => s is Scopes.Read or Scopes.Admin);
    }

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
