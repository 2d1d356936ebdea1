using System.Data.Common;
using EngagementGrains.Abstractions.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace EngagementGrains.Storage.GrainState;

/// <summary>
/// Wraps a grain storage so a database failure leaves it as <see cref="StorageUnavailableException"/>:
/// a state read fails during activation, outside any grain call filter, and the driver's own exception
/// could not be sent to the gateway that has to answer 503.
/// </summary>
public sealed class StorageFailureTranslation(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(() => inner.ReadStateAsync(stateName, grainId, grainState), "reading", stateName, grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(() => inner.WriteStateAsync(stateName, grainId, grainState), "writing", stateName, grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(() => inner.ClearStateAsync(stateName, grainId, grainState), "clearing", stateName, grainId);

    private static async Task TranslateAsync(Func<Task> operation, string verb, string stateName, GrainId grainId)
    {
        try
        {
            await operation();
        }
        catch (DbException error)
        {
            throw new StorageUnavailableException($"{verb} {stateName} of {grainId}: {error.Message}");
        }
    }
}
