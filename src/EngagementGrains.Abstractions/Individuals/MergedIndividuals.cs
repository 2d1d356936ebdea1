namespace EngagementGrains.Abstractions.Individuals;

/// <summary>Follows an individual merged into another to the survivor that answers for it now.</summary>
public static class MergedIndividuals
{
    /// <summary>How many merged individuals are followed before giving up (a chain this long is a bug).</summary>
    public const int MaxRedirects = 8;

    /// <summary>The survivor of <paramref name="individualId"/>, or the id itself when it was never merged.</summary>
    public static async Task<string> SurvivorOfAsync(this IGrainFactory grains, string individualId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        for (var hop = 0; hop < MaxRedirects; hop++)
        {
            if (await grains.GetGrain<IIndividualGrain>(individualId).GetSurvivorAsync() is not { } survivor)
            {
                return individualId;
            }

            individualId = survivor;
        }

        return individualId;
    }
}
