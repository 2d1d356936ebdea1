using EngagementGrains.Core.Time;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Abstractions.Wakeups;
using EngagementGrains.Storage.Wakeups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Grains.Wakeups;

/// <summary>
/// Wakes the individuals of its shard of the durable schedule when they are due. After each pass it asks when
/// the next row of the shard falls due and, when that is before the next regular poll, takes a pass at that
/// instant: a window sliding past an event moves its segment within milliseconds, not a poll interval later.
/// The regular poll (twice a second by default) is the safety net for rows written after the last look. An
/// individual that is woken reschedules itself (or clears its row), so a failed wake is retried on the next pass.
/// </summary>
public sealed partial class WakeupShardGrain(
    IWakeupSchedule schedule, EngagementClock time, IOptions<WakeupOptions> options, ILogger<WakeupShardGrain> logger)
    : Grain, IWakeupShardGrain
{
    private const int BatchLimit = 1000;
    private const int Parallelism = 64;

    private IGrainTimer? _timer;
    private IGrainTimer? _timed;
    private DateTimeOffset? _timedAt;

    private int Shard => (int)this.GetPrimaryKeyLong();

    Task IWakeupShardGrain.StartAsync()
    {
        Start();
        return Task.CompletedTask;
    }

    Task IWakeupShardGrain.ExpectAsync(DateTimeOffset dueAt)
    {
        Start();
        TimePass(dueAt);
        return Task.CompletedTask;
    }

    private void Start()
    {
        var interval = options.Value.PollInterval;
        _timer ??= this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        _timed ??= this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            // This pass replaces any timed one: the look after it arms the timer again for what is still ahead.
            var now = time.GetUtcNow();
            _timedAt = null;

            var due = await schedule.DueAsync(Shard, now, BatchLimit, cancellationToken);
            foreach (var chunk in due.Chunk(Parallelism))
            {
                await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<IIndividualGrain>(id).WakeAsync()));
            }

            // A full batch leaves more due already: the next pass comes after the shortest gap.
            if (due.Count >= BatchLimit)
            {
                TimePass(now);
            }
            else
            {
                await PlanTimedPassAsync(now, cancellationToken);
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogPollFailed(logger, error, Shard);
        }
    }

    private async Task PlanTimedPassAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await schedule.NextDueAfterAsync(Shard, now, cancellationToken) is { } next)
        {
            TimePass(next);
        }
    }

    // Arms the timed pass for a row due before the next regular poll, unless one is armed for an earlier instant.
    private void TimePass(DateTimeOffset dueAt)
    {
        // Measured on the domain clock, which tests move: a row already due waits only the shortest gap.
        var wait = dueAt - time.GetUtcNow();
        if (_timed is null || wait >= options.Value.PollInterval || (_timedAt is { } armed && armed <= dueAt))
        {
            return;
        }

        _timedAt = dueAt;
        _timed.Change(wait > options.Value.MinimumGap ? wait : options.Value.MinimumGap, Timeout.InfiniteTimeSpan);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wake-up shard {Shard} failed a poll; it tries again on the next")]
    private static partial void LogPollFailed(ILogger logger, Exception error, long shard);
}
