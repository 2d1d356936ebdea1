using System.Diagnostics;
using EngagementGrains.Abstractions.Storage;
using EngagementGrains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace EngagementGrains.Grains.Failover;

/// <summary>
/// Takes a silo out of the cluster when it has lost the shared store while another silo still reaches it. Until
/// then its individuals' calls wait on the store for as long as the outage lasts; once it is gone, the others
/// take them over within seconds. When no other silo reaches the store either, the store is down for all, and
/// every silo stays: leaving would only add a restart to the outage.
/// </summary>
public sealed partial class StorageLossWatch(
    IStorageProbe storage,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IGrainFactory grains,
    IOptions<StorageLossOptions> options,
    ILogger<StorageLossWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        long? failingSince = null;
        using var timer = new PeriodicTimer(settings.CheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var pinged = Stopwatch.GetTimestamp();
            if (await StorageReach.PingAsync(storage, settings.PingTimeout))
            {
                failingSince = null;
                continue;
            }

            failingSince ??= pinged;
            var failing = Stopwatch.GetElapsedTime(failingSince.Value);
            if (failing < settings.LeaveAfter)
            {
                continue;
            }

            if (await ReachingPeerAsync(settings.PingTimeout * 2) is { } peer)
            {
                LogLeaving(logger, failing.TotalSeconds, peer);
                await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None);

                // Not a graceful stop, nor Environment.Exit (which runs one): that writes to the store this silo
                // cannot reach, and waits on it. The others find the process gone at their next probe, as after a
                // crash; a supervisor starts it again, and it joins once it reaches the store.
                using var self = Process.GetCurrentProcess();
                self.Kill();
            }
        }
    }

    private async Task<SiloAddress?> ReachingPeerAsync(TimeSpan timeout)
    {
        var peers = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(silo.SiloAddress))
            .Select(m => m.SiloAddress)
            .ToArray();
        var answers = peers.Select(async peer =>
        {
            try
            {
                return await AskAsync(peer).WaitAsync(timeout) == true ? peer : null;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                return null;
            }
        });
        return (await Task.WhenAll(answers)).FirstOrDefault(peer => peer is not null);
    }

    private Task<bool?> AskAsync(SiloAddress peer)
    {
        // The hint places the witness on the silo it speaks for; the request context is read as the call is made.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, peer);
        try
        {
            return grains.GetGrain<IStorageWitnessGrain>(peer.ToParsableString()).ReachesStorageAsync();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "This silo has not reached the store for {Seconds:0.0} s while silo {Peer} does: leaving the cluster so the others serve its individuals")]
    private static partial void LogLeaving(ILogger logger, double seconds, SiloAddress peer);
}
