namespace EngagementGrains.Abstractions.Suppression;

/// <summary>
/// The suppression list of the deployment (grain key 0): the hashed contact points of erased people, for
/// admins to read and lift. The suppression itself lives on each contact point's identity grain, where
/// intake already looks, so checking it costs no extra call per event.
/// </summary>
public interface ISuppressionListGrain : IGrainWithIntegerKey
{
    /// <summary>Adds hashed contact points (<c>IdentityKey.GrainKey</c>) once it is durable.</summary>
    Task AddAsync(IReadOnlyList<string> keys, DateTimeOffset at);

    /// <summary>Removes hashed contact points; returns how many were listed.</summary>
    Task<int> RemoveAsync(IReadOnlyList<string> keys);

    /// <summary>Every suppressed contact point, oldest first.</summary>
    Task<IReadOnlyList<SuppressionEntry>> ListAsync();
}
