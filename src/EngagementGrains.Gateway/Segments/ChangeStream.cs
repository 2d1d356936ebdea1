using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EngagementGrains.Abstractions.Keys;
using EngagementGrains.Abstractions.Segments;
using EngagementGrains.Core.Segments;
using EngagementGrains.Core.Time;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Limits;
using EngagementGrains.Gateway.Profiles;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EngagementGrains.Gateway.Segments;

/// <summary>
/// One consumer's open Server-Sent-Events stream of a segment's changes. It reads from its position in the
/// store whenever the segment's commits are signalled, and on a poll as the safety net; the signal only says
/// when to look, so nothing is skipped or delivered out of order whatever it does.
/// </summary>
internal sealed class ChangeStream(HttpContext context, IGrainFactory grains, SegmentFeedSignal signal, ChangeFeedOptions options, string segment)
{
    private const int PageSize = 500;
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_keyRecheck = TimeSpan.FromSeconds(1);

    private long _keyCheckedAt = Stopwatch.GetTimestamp();
    private long _wroteAt = Stopwatch.GetTimestamp();

    /// <summary>Streams the changes after <paramref name="after"/> until the consumer leaves or its key stops reading.</summary>
    public async Task RunAsync(long after)
    {
        var aborted = context.RequestAborted;
        var query = grains.GetGrain<ISegmentQueryGrain>(segment);
        while (!aborted.IsCancellationRequested)
        {
            // Taken before the read: a commit landing between the read and the wait has completed it already.
            var woken = signal.Next(segment);
            var changes = await query.ChangesAsync(after, PageSize);
            if (changes.Count > 0)
            {
                // Nothing is delivered on a key revoked since it was last asked, however recently that was.
                if (!await StillAuthorizedAsync())
                {
                    return;
                }

                after = await WriteAsync(changes, aborted);
                continue;
            }

            if (!await WaitAsync(woken, aborted))
            {
                return;
            }
        }
    }

    // Waits for the signal or the poll, asking the key again every second and keeping an idle connection open
    // meanwhile; false when the key no longer reads.
    private async Task<bool> WaitAsync(Task woken, CancellationToken aborted)
    {
        var started = Stopwatch.GetTimestamp();
        var poll = signal.Reliable ? options.PollInterval : options.UnsignalledPollInterval;
        while (!woken.IsCompleted && !aborted.IsCancellationRequested)
        {
            // A stream outlives the request that opened it: its key is asked again, so a revoked key stops reading.
            if (Stopwatch.GetElapsedTime(_keyCheckedAt) >= s_keyRecheck && !await StillAuthorizedAsync())
            {
                return false;
            }

            if (Stopwatch.GetElapsedTime(_wroteAt) >= s_keepAlive)
            {
                await context.Response.WriteAsync(": keep-alive\n\n", aborted);
                await context.Response.Body.FlushAsync(aborted);
                _wroteAt = Stopwatch.GetTimestamp();
            }

            var wait = Min(poll - Stopwatch.GetElapsedTime(started),
                Min(s_keyRecheck - Stopwatch.GetElapsedTime(_keyCheckedAt), s_keepAlive - Stopwatch.GetElapsedTime(_wroteAt)));
            if (wait <= TimeSpan.Zero)
            {
                break;
            }

            await woken.WaitAsync(wait, aborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (Stopwatch.GetElapsedTime(started) >= poll)
            {
                break;
            }
        }

        return true;
    }

    private async Task<long> WriteAsync(IReadOnlyList<SegmentChange> changes, CancellationToken aborted)
    {
        var response = context.Response;
        var position = 0L;
        foreach (var change in changes)
        {
            var kind = change.Entered ? "enter" : "exit";
            var data = JsonSerializer.Serialize(
                new SegmentChangeMessage(segment, change.IndividualId, kind, ApiJson.Timestamp(change.At)),
                Serialization.GatewayJsonContext.Default.SegmentChangeMessage);
            await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {change.Sequence}\nevent: {kind}\ndata: {data}\n\n"), aborted);
            position = change.Sequence;
        }

        await response.Body.FlushAsync(aborted);
        _wroteAt = Stopwatch.GetTimestamp();
        return position;
    }

    // The bootstrap admin key comes from configuration and cannot be revoked; any other is asked of its grain.
    private async Task<bool> StillAuthorizedAsync()
    {
        _keyCheckedAt = Stopwatch.GetTimestamp();
        var keyId = KeyPartition.Of(context);
        if (keyId is null or "admin")
        {
            return keyId is not null;
        }

        var record = await grains.GetGrain<IApiKeyGrain>(keyId).GetAsync();
        var now = context.RequestServices.GetRequiredService<EngagementClock>().GetUtcNow();
        return record is not null && !(record.ExpiresAt <= now) && record.Scopes.Any(s => s is Scopes.Read or Scopes.Admin);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
