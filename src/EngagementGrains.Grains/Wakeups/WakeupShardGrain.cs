using EngagementGrains.Core.Time;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Abstractions.Wakeups;
using EngagementGrains.Storage.Wakeups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Grains.Wakeups;

/// <summary>
/// Polls its shard of the durable schedule (twice a second by default) and wakes whoever is due. An individual that is
/// woken reschedules itself (or clears its row), so a failed wake is simply retried on the next poll.
/// </summary>
public sealed partial class WakeupShardGrain(
    IWakeupSchedule schedule, EngagementClock time, IOptions<WakeupOptions> options, ILogger<WakeupShardGrain> logger)
    : Grain, IWakeupShardGrain
{
    private const int BatchLimit = 1000;
    private const int Parallelism = 64;

    private IGrainTimer? _timer;

    Task IWakeupShardGrain.StartAsync()
    {
        _timer ??= this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(options.Value.PollInterval, options.Value.PollInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            var due = await schedule.DueAsync((int)this.GetPrimaryKeyLong(), time.GetUtcNow(), BatchLimit, cancellationToken);
            foreach (var chunk in due.Chunk(Parallelism))
            {
                await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<IIndividualGrain>(id).WakeAsync()));
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogPollFailed(logger, error, this.GetPrimaryKeyLong());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wake-up shard {Shard} failed a poll; it tries again on the next")]
    private static partial void LogPollFailed(ILogger logger, Exception error, long shard);
}
