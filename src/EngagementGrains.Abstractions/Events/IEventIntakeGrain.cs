namespace EngagementGrains.Abstractions.Events;

/// <summary>
/// The way in for validated events, for the HTTP gateway and for any frontend holding an Orleans client:
/// finds each event's individual (linking contact points and merging individuals as the identity rules
/// say) and delivers the events, answering once every one is durable and applied.
/// </summary>
[Alias("eg.IEventIntakeGrain")]
public interface IEventIntakeGrain : IGrainWithIntegerKey
{
    /// <summary>Resolves and delivers the events; the sum of what their individuals accepted and already had.</summary>
    [Alias("IngestAsync")]
    Task<ApplyResult> IngestAsync(IReadOnlyList<IncomingEvent> events);
}
