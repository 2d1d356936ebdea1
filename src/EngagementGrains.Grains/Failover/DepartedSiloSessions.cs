using EngagementGrains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace EngagementGrains.Grains.Failover;

/// <summary>
/// When a silo is declared dead, ends the store sessions it left open (they carry its silo name). A silo that
/// died cut off from the store never closed them: a transaction it had begun would hold its rows' locks, and
/// the retry of the same events by the silo that took over would wait on them until the server noticed.
/// </summary>
public sealed partial class DepartedSiloSessions(
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IDepartedSessions sessions,
    ILogger<DepartedSiloSessions> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ClusterMembershipSnapshot? previous = null;
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
        {
            // Silos dead before this one watched have long been noticed by the server, or ended by the silos of then.
            if (previous is not null)
            {
                foreach (var member in snapshot.Members.Values)
                {
                    if (member.Status == SiloStatus.Dead
                        && !member.SiloAddress.Equals(silo.SiloAddress)
                        && previous.Members.TryGetValue(member.SiloAddress, out var before)
                        && before.Status != SiloStatus.Dead)
                    {
                        await EndAsync(member, stoppingToken);
                    }
                }
            }

            previous = snapshot;
        }
    }

    private async Task EndAsync(ClusterMember member, CancellationToken stoppingToken)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                var ended = await sessions.EndSessionsAsync(member.Name, stoppingToken);
                if (ended > 0)
                {
                    LogEnded(logger, ended, member.SiloAddress, member.Name);
                }

                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogFailed(logger, error, member.SiloAddress, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended {Count} store sessions the dead silo {Silo} ({Name}) left open")]
    private static partial void LogEnded(ILogger logger, int count, SiloAddress silo, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not end the store sessions of the dead silo {Silo} (attempt {Attempt})")]
    private static partial void LogFailed(ILogger logger, Exception error, SiloAddress silo, int attempt);
}
