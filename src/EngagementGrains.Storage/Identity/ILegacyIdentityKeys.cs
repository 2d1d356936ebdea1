namespace EngagementGrains.Storage.Identity;

/// <summary>
/// The contact points stored by builds whose identity grains were keyed by the contact point itself
/// (<c>identity/email:…</c>, before they were keyed by a hash), for their one-time move.
/// </summary>
public interface ILegacyIdentityKeys
{
    /// <summary>The identity keys (<c>type:value</c>) that still have a row under their own name.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the row of <paramref name="key"/> (once moved): an identity grain's cleared state may keep its row.</summary>
    Task RemoveAsync(string key, CancellationToken cancellationToken);
}
