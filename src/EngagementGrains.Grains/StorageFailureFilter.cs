using System.Data.Common;
using EngagementGrains.Abstractions.Storage;

namespace EngagementGrains.Grains;

/// <summary>
/// Turns a storage driver's exception leaving a grain into <see cref="StorageUnavailableException"/>:
/// the gateway can answer 503 (retry) only if it can read what went wrong.
/// </summary>
public sealed class StorageFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (DbException error)
        {
            throw new StorageUnavailableException($"{error.GetType().Name}: {error.Message}");
        }
    }
}
