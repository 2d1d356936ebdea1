using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Storage.EventLog;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace EngagementGrains.Grains.Definitions;

/// <summary>
/// Walks every stored individual and asks it to bring its measures and segments up to a definition version. Each
/// individual recomputes from its own log under its own single-threaded turn, so live events arriving
/// meanwhile are neither missed nor counted twice.
/// </summary>
public sealed partial class BackfillGrain(IEventLog log, ILogger<BackfillGrain> logger) : Grain, IBackfillGrain
{
    /// <summary>Individuals asked at once; enough to overlap their log reads, few enough to leave room for live traffic.</summary>
    public const int Parallelism = 32;

    private const int PageSize = 500;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private long _running;

    Task IBackfillGrain.StartAsync(long version)
    {
        if (_running >= version)
        {
            return Task.CompletedTask;
        }

        _running = version;
        // Runs as turns of this grain, interleaved with nothing else: calls to StartAsync wait their turn.
        _ = RunAsync(version);
        return Task.CompletedTask;
    }

    private async Task RunAsync(long version)
    {
        var (kind, name) = KindAndName();
        var registry = GrainFactory.GetGrain<IDefinitionRegistryGrain>(kind);
        try
        {
            var total = await log.CountIndividualsAsync();
            long processed = 0;
            var after = "";
            while (_running == version)
            {
                DelayDeactivation(TimeSpan.FromMinutes(5));
                var page = await log.ListIndividualsAsync(after, PageSize);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var chunk in page.Chunk(Parallelism))
                {
                    await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<IIndividualGrain>(id).SyncDefinitionsAsync(kind, version)));
                }

                processed += page.Count;
                after = page[^1];
                await registry.ReportProgressAsync(name, version, processed, Math.Max(total, processed), done: false);
            }

            if (_running == version)
            {
                await AllSilosHoldAsync(registry, version);
                await registry.ReportProgressAsync(name, version, processed, Math.Max(total, processed), done: true);
                LogDone(logger, name, version, processed);
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The registry still says backfilling; its next activation (or a restart) starts again.
            LogFailed(logger, error, name, version);
            _running = 0;
            this.RegisterGrainTimer(_ => ((IBackfillGrain)this).StartAsync(version), RetryDelay, Timeout.InfiniteTimeSpan);
        }
    }

    // "ready" promises that every event from then on is folded with this version: a silo that had no individual
    // to backfill (a fresh restart, say) must hold it too, not catch up on its next one-second refresh.
    private async Task AllSilosHoldAsync(IDefinitionRegistryGrain registry, long version)
    {
        var waiting = await DefinitionPropagation.AllSilosHoldAsync(GrainFactory, KindAndName().Kind, version);
        if (waiting.Count > 0)
        {
            LogSilosBehind(logger, string.Join(", ", waiting), version);
        }
    }

    private (string Kind, string Name) KindAndName()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silos {Silos} did not confirm definitions version {Version} in time; the backfill reports ready anyway")]
    private static partial void LogSilosBehind(ILogger logger, string silos, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill of {Name} v{Version} done over {Count} individuals")]
    private static partial void LogDone(ILogger logger, string name, long version, long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backfill of {Name} v{Version} failed")]
    private static partial void LogFailed(ILogger logger, Exception error, string name, long version);
}
