namespace EngagementGrains.Abstractions.Definitions;

/// <summary>
/// Waits until every live silo's copy of the definitions of a kind is at least a version. Each silo refreshes
/// its copy every second and says so to the registry; "ready" after a put, and the answer to a delete, promise
/// that every event from then on is folded with that version, on a silo that had nothing to backfill too.
/// </summary>
public static class DefinitionPropagation
{
    /// <summary>How long to wait for every live silo before answering anyway.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Returns the silos still behind at the deadline (none when every one holds the version).</summary>
    public static async Task<IReadOnlyList<string>> AllSilosHoldAsync(IGrainFactory grains, string kind, long version)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var registry = grains.GetGrain<IDefinitionRegistryGrain>(kind);
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var live = (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.Select(s => s.ToString());
            var holding = (await registry.SilosAtAsync(version)).ToHashSet(StringComparer.Ordinal);
            var waiting = live.Where(s => !holding.Contains(s)).ToArray();
            if (waiting.Length == 0 || DateTime.UtcNow >= deadline)
            {
                return waiting;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
