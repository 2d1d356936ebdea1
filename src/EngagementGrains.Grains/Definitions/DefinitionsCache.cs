using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Core.Segments;

namespace EngagementGrains.Grains.Definitions;

/// <summary>
/// This silo's copy of the measure and segment definitions, parsed once per change. A registry updates it
/// directly when it runs here; otherwise it is refreshed every second, and a caller that needs a newer
/// version (a backfill) asks for it.
/// </summary>
public sealed class DefinitionsCache(IGrainFactory grains) : IDisposable
{
    private static readonly string[] s_kinds = [DefinitionKind.Measures, DefinitionKind.Segments];
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _update = new();
    private volatile ActiveDefinitions _current = ActiveDefinitions.Empty;
    private volatile bool _loaded;

    public ActiveDefinitions Current => _current;

    /// <summary>
    /// The definitions once they have been read from the registries at least once. Until then the copy is empty,
    /// and an individual evaluated against it would drop every membership without an exit: a restarted silo's
    /// first wake-ups and reads must wait for this instead.
    /// </summary>
    public async Task<ActiveDefinitions> LoadedAsync()
    {
        if (!_loaded)
        {
            await RefreshAsync();
        }

        return _current;
    }

    public void Update(string kind, DefinitionSet definitions)
    {
        lock (_update)
        {
            if (definitions.Version > _current.VersionOf(kind))
            {
                _current = _current.With(kind, definitions);
            }
        }
    }

    /// <summary>Returns definitions at least as new as <paramref name="minVersion"/> of a kind, fetching them when older.</summary>
    public async Task<ActiveDefinitions> EnsureAsync(string kind, long minVersion)
    {
        if (_current.VersionOf(kind) < minVersion)
        {
            await RefreshAsync();
        }

        return _current;
    }

    public async Task RefreshAsync()
    {
        await _refresh.WaitAsync();
        try
        {
            foreach (var kind in s_kinds)
            {
                Update(kind, await grains.GetGrain<IDefinitionRegistryGrain>(kind).GetAllAsync());
            }

            _loaded = true;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();
}
