namespace EngagementGrains.Abstractions.Definitions;

/// <summary>The durable definitions of one kind (key: <see cref="DefinitionKind"/>).</summary>
public interface IDefinitionRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates or replaces a definition and starts its backfill; refuses one that conflicts with the others, and a
    /// new one when <paramref name="limit"/> definitions of this kind exist already.
    /// </summary>
    Task<PutDefinitionResult> PutAsync(string name, string json, int limit = int.MaxValue);

    /// <summary>Removes a definition; the errors say why it may not be (another refers to it).</summary>
    Task<(bool Deleted, IReadOnlyList<string> Errors)> DeleteAsync(string name);

    /// <summary>Every current definition and the registry version.</summary>
    Task<DefinitionSet> GetAllAsync();

    /// <summary>A silo says its copy of the definitions is at <paramref name="version"/> (every second, after its refresh).</summary>
    Task AcknowledgeAsync(string silo, long version);

    /// <summary>The silos known to hold a copy at <paramref name="version"/> or newer.</summary>
    Task<IReadOnlyList<string>> SilosAtAsync(long version);

    /// <summary>Records backfill progress of one definition version.</summary>
    Task ReportProgressAsync(string name, long version, long processed, long total, bool done);
}
