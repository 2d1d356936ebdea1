using EngagementGrains.Abstractions.Measures;
using EngagementGrains.Core.Measures;

namespace EngagementGrains.Grains.Measures;

/// <summary>
/// This silo's copy of the measure definitions, parsed once. The registry updates it directly when it
/// runs here; otherwise it is refreshed every second, and a caller that needs a newer version asks for it.
/// </summary>
public sealed class MeasureDefinitionsCache(IGrainFactory grains) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile MeasureSet _current = MeasureSet.Empty;

    public MeasureSet Current => _current;

    public void Update(MeasureDefinitionSet definitions)
    {
        if (definitions.Version > _current.Version || (definitions.Version == 0 && _current.Version == 0))
        {
            _current = MeasureSet.From(definitions);
        }
    }

    /// <summary>Returns a set at least as new as <paramref name="minVersion"/>, fetching it when this copy is older.</summary>
    public async Task<MeasureSet> EnsureAsync(long minVersion)
    {
        if (_current.Version >= minVersion)
        {
            return _current;
        }

        await RefreshAsync();
        return _current;
    }

    public void Dispose() => _refresh.Dispose();

    public async Task RefreshAsync()
    {
        await _refresh.WaitAsync();
        try
        {
            Update(await grains.GetGrain<IMeasureRegistryGrain>(IMeasureRegistryGrain.Key).GetAllAsync());
        }
        finally
        {
            _refresh.Release();
        }
    }
}
