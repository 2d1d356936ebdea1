using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Segments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Grains.Segments;

/// <summary>
/// On every silo, asks each segment's history grain for a sample once a period; the grain keeps one sample a
/// minute, so several silos asking cost a read, not a second sample.
/// </summary>
public sealed partial class SegmentSampling(IGrainFactory grains, IOptions<SegmentSamplingOptions> options, ILogger<SegmentSampling> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var segments = await grains.GetGrain<IDefinitionRegistryGrain>(DefinitionKind.Segments).GetAllAsync();
                foreach (var segment in segments.Definitions)
                {
                    await grains.GetSegmentHistory(segment.Name).SampleAsync();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store or silo briefly unavailable costs a minute's sample, not the sampler.
                LogSampleFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment size sampling failed; trying again next period")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
