namespace EngagementGrains.Abstractions.Measures;

/// <summary>The durable set of measure definitions (one grain, key <see cref="Key"/>).</summary>
public interface IMeasureRegistryGrain : IGrainWithStringKey
{
    public const string Key = "measures";

    /// <summary>Creates or replaces a definition (already validated) and starts its backfill.</summary>
    Task<(MeasureDefinition Definition, bool Created)> PutAsync(string name, string json);

    /// <summary>Removes a definition; false when there was none.</summary>
    Task<bool> DeleteAsync(string name);

    /// <summary>Every current definition and the registry version.</summary>
    Task<MeasureDefinitionSet> GetAllAsync();

    /// <summary>Records backfill progress of one definition version.</summary>
    Task ReportProgressAsync(string name, long version, long processed, long total, bool done);
}
