using EngagementGrains.Abstractions.Events;

namespace EngagementGrains.Core.Events;

/// <summary>A valid event before identity resolution: the individual id it named, if any.</summary>
public sealed record class IncomingEvent(string? IndividualId, EngagementEvent Event);
