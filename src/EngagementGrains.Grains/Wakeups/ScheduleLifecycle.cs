using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Wakeups;
using EngagementGrains.Grains.Definitions;
using EngagementGrains.Storage.Wakeups;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace EngagementGrains.Grains.Wakeups;

/// <summary>
/// Once the silo is active: starts the wake-up shards, loads the measure and segment definitions (which resumes any
/// interrupted backfill), and every second keeps this silo's copy of the definitions fresh and the shards polling.
/// </summary>
public sealed partial class ScheduleLifecycle(
    IGrainFactory grains, IWakeupSchedule schedule, DefinitionsCache cache, ILocalSiloDetails silo, ILogger<ScheduleLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _refresh;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ScheduleLifecycle), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    public void Dispose() => _stopping.Dispose();

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        // Definitions first: a shard's first wake-ups must not evaluate anyone against an empty copy.
        // Retried rather than failing the start: right after every silo of a cluster restarts, the silos of
        // before are listed alive until they are declared dead, and a call routed through one of them fails
        // (found by the partition tests: a restarted silo exited instead of joining).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await cache.RefreshAsync();
                await AcknowledgeAsync();
                await StartShardsAsync();
                break;
            }
            catch (Exception error) when (error is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogStartRetried(logger, attempt, error);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        _refresh = RefreshLoopAsync(_stopping.Token);
    }

    // A shard grain can be deactivated (an operator's forced collection, a silo leaving); asking it to start
    // again every second brings polling back wherever it is placed.
    private async Task StartShardsAsync()
    {
        for (var shard = 0; shard < schedule.ShardCount; shard++)
        {
            await grains.GetGrain<IWakeupShardGrain>(shard).StartAsync();
        }
    }

    // A backfill reports ready only once every live silo says its copy holds the new version, so no event
    // acknowledged after "ready" is folded with the definitions of before.
    private async Task AcknowledgeAsync()
    {
        var current = cache.Current;
        foreach (var kind in new[] { DefinitionKind.Measures, DefinitionKind.Segments })
        {
            await grains.GetGrain<IDefinitionRegistryGrain>(kind).AcknowledgeAsync(silo.SiloAddress.ToString(), current.VersionOf(kind));
        }
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_refresh is not null)
        {
            await _refresh.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                await cache.RefreshAsync();
                await AcknowledgeAsync();
                await StartShardsAsync();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRefreshFailed(logger, error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the definitions at start failed (attempt {Attempt}); trying again in a second")]
    private static partial void LogStartRetried(ILogger logger, int attempt, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the definitions failed; the previous ones stay in force")]
    private static partial void LogRefreshFailed(ILogger logger, Exception error);
}
