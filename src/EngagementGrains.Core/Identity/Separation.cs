namespace EngagementGrains.Core.Identity;

/// <summary>
/// Contact points an operator split off an individual, kept so that identity resolution does not merge the two
/// again: an individual holding <see cref="Keys"/> may not merge with this one, and an event carrying them records
/// them as refused here. An admin lifts it.
/// </summary>
/// <param name="Counterpart">The individual on the other side of the split (when it was made).</param>
/// <param name="Keys">The contact points (<c>type:value</c>) of the other side.</param>
/// <param name="At">When the split was made.</param>
/// <param name="Against">This side's contact points it was made for: a later split of this individual gives it to the
/// side holding them (null: both sides).</param>
[GenerateSerializer, Immutable, Alias("eg.Separation")]
public sealed record class Separation(
    [property: Id(0)] string Counterpart,
    [property: Id(1)] IReadOnlyList<string> Keys,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] IReadOnlyList<string>? Against = null)
{
    /// <summary>Adds <paramref name="separation"/> to <paramref name="separations"/>, combined with one made against the same individual.</summary>
    public static void Add(List<Separation> separations, Separation separation)
    {
        ArgumentNullException.ThrowIfNull(separations);
        ArgumentNullException.ThrowIfNull(separation);
        var at = separations.FindIndex(s => s.Counterpart == separation.Counterpart);
        if (at < 0)
        {
            separations.Add(separation);
            return;
        }

        var held = separations[at];
        separations[at] = held with
        {
            Keys = held.Keys.Union(separation.Keys, StringComparer.Ordinal).ToArray(),
            Against = held.Against is null || separation.Against is null ? null : held.Against.Union(separation.Against, StringComparer.Ordinal).ToArray(),
        };
    }

    /// <summary>True when one of <paramref name="keys"/> is kept apart by one of <paramref name="separations"/>.</summary>
    public static bool Blocks(IEnumerable<Separation> separations, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(separations);
        var held = keys.ToHashSet(StringComparer.Ordinal);
        return separations.Any(s => s.Keys.Any(held.Contains));
    }
}
