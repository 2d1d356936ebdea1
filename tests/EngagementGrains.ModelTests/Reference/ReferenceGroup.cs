namespace EngagementGrains.ModelTests.Reference;

/// <summary>The people the engine must see as one individual, and every event acknowledged for them.</summary>
public sealed class ReferenceGroup
{
    public SortedSet<int> People { get; } = [];

    public List<ReferenceEvent> Events { get; } = [];

    /// <summary>
    /// Pairs of people an operator split apart, held by the group of the first: a join of a group holding the
    /// first with one holding the second is refused. A later split takes each pair with its first person.
    /// </summary>
    public HashSet<(int Mine, int Theirs)> Separations { get; } = [];

    /// <summary>True when an operator's split keeps the two groups apart.</summary>
    public bool KeptApartFrom(ReferenceGroup other) =>
        Separations.Any(s => other.People.Contains(s.Theirs)) || other.Separations.Any(s => People.Contains(s.Theirs));

    /// <summary>An eventId already held (from any of the merged people) makes a new event a duplicate.</summary>
    public bool Holds(string eventId) => Events.Any(e => e.EventId == eventId);
}
