namespace EngagementGrains.Abstractions.Storage;

/// <summary>
/// Answers, from the silo its key names (<c>SiloAddress.ToParsableString()</c>), whether that silo reaches the
/// shared store: a silo that has lost the store asks the others before it leaves the cluster.
/// </summary>
public interface IStorageWitnessGrain : IGrainWithStringKey
{
    /// <summary>Whether the named silo reaches the store now; null when this activation is not on that silo (it is gone).</summary>
    Task<bool?> ReachesStorageAsync();
}
