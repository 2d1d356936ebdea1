using EngagementGrains.Abstractions.Destinations;
using EngagementGrains.Core.Destinations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Grains.Destinations;

/// <summary>
/// On every silo, pokes each destination every few seconds so its delivery loop runs: after a restart, a crash
/// or a silo leaving, a destination comes back without anyone calling it.
/// </summary>
public sealed partial class DestinationKeepAlive(IGrainFactory grains, IOptions<DestinationOptions> options, ILogger<DestinationKeepAlive> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepAliveInterval);
        do
        {
            try
            {
                var names = await grains.GetGrain<IDestinationRegistryGrain>(0).ListAsync();
                await Task.WhenAll(names.Select(name => grains.GetDestination(name).PokeAsync()));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A silo starting or the store briefly away: the next period tries again.
                LogPokeFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not poke the destinations; trying again next period")]
    private static partial void LogPokeFailed(ILogger logger, Exception exception);
}
