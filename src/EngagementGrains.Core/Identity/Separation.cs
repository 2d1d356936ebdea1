namespace EngagementGrains.Core.Identity;

/// <summary>
/// Contact points an operator split off an individual, kept so that identity resolution does not merge the two
/// again: an individual holding <see cref="Keys"/> may not merge with this one, and an event carrying them records
/// them as refused here. An admin lifts it.
/// </summary>
/// <param name="Counterpart">The individual on the other side of the split (when it was made).</param>
/// <param name="Keys">The contact points (<c>type:value</c>) of the other side.</param>
/// <param name="At">When the split was made.</param>
[GenerateSerializer, Immutable, Alias("eg.Separation")]
public sealed record class Separation(
    [property: Id(0)] string Counterpart,
    [property: Id(1)] IReadOnlyList<string> Keys,
    [property: Id(2)] DateTimeOffset At)
{
    /// <summary>True when one of <paramref name="keys"/> is kept apart by one of <paramref name="separations"/>.</summary>
    public static bool Blocks(IEnumerable<Separation> separations, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(separations);
        var held = keys.ToHashSet(StringComparer.Ordinal);
        return separations.Any(s => s.Keys.Any(held.Contains));
    }
}
