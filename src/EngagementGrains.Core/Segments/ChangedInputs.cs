namespace EngagementGrains.Core.Segments;

/// <summary>
/// What one step changed of what segments read: measure values, and the profile. A segment none of whose inputs
/// changed keeps its verdict, so only the segments an event or a sliding window can move are evaluated again.
/// </summary>
public sealed class ChangedInputs
{
    /// <summary>Measures (named and implicit) whose value differs from the one the last evaluation read.</summary>
    public HashSet<string> Measures { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether events were folded into the profile (attributes and consent read by segments).</summary>
    public bool Profile { get; set; }

    /// <summary>
    /// Whether the individual had no event and no membership before this step, so the last evaluation is taken
    /// to be that of nothing: the segments holding for a person with every measure empty are evaluated too.
    /// </summary>
    public bool FromNothing { get; set; }
}
