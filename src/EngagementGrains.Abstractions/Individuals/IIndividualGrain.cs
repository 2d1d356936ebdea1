using EngagementGrains.Abstractions.Events;

namespace EngagementGrains.Abstractions.Individuals;

/// <summary>One unified individual: receives its events, keeps its profile and timeline.</summary>
public interface IIndividualGrain : IGrainWithStringKey
{
    /// <summary>Appends the events to the durable log, drops repeated event ids, and applies the new ones.</summary>
    Task<ApplyResult> ApplyAsync(IReadOnlyList<EngagementEvent> events);

    /// <summary>Returns the profile, or null when the individual has never received an event.</summary>
    Task<ProfileView?> GetProfileAsync();

    /// <summary>Returns one page of the timeline, newest first.</summary>
    Task<TimelinePage> GetTimelineAsync(TimelineQuery query);

    /// <summary>Brings measures and segments up to at least this registry version of a kind, recomputing from the log.</summary>
    Task SyncDefinitionsAsync(string kind, long registryVersion);

    /// <summary>Explains the individual's verdict for one segment, or null when there is no such segment.</summary>
    Task<ExplanationView?> ExplainAsync(string segment);

    /// <summary>Called by the wake-up schedule when a window has slid: recomputes time-dependent values.</summary>
    Task WakeAsync();
}
