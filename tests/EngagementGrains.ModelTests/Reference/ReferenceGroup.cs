namespace EngagementGrains.ModelTests.Reference;

/// <summary>The people the engine must see as one individual, and every event acknowledged for them.</summary>
public sealed class ReferenceGroup
{
    public SortedSet<int> People { get; } = [];

    public List<ReferenceEvent> Events { get; } = [];

    /// <summary>An eventId already held (from any of the merged people) makes a new event a duplicate.</summary>
    public bool Holds(string eventId) => Events.Any(e => e.EventId == eventId);
}
