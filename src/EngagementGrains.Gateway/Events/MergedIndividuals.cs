using EngagementGrains.Abstractions.Individuals;

namespace EngagementGrains.Gateway.Events;

/// <summary>Follows an individual merged into another to the survivor that answers for it now.</summary>
public static class MergedIndividuals
{
    /// <summary>The survivor of <paramref name="individualId"/>, or the id itself when it was never merged.</summary>
    public static async Task<string> SurvivorOfAsync(this IGrainFactory grains, string individualId)
    {
        for (var hop = 0; hop < EventIngestion.MaxRedirects; hop++)
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
