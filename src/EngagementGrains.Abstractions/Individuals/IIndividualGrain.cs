using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Identity;

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

    /// <summary>The survivor this individual was merged into, or null when it was not.</summary>
    Task<string?> GetSurvivorAsync();

    /// <summary>
    /// Takes on contact points within each type's limit and returns those it holds now; takes none when
    /// one of <paramref name="mustFit"/> would not fit.
    /// </summary>
    Task<AdmitResult> AdmitIdentitiesAsync(IReadOnlyList<string> identityKeys, IReadOnlyList<string> mustFit);

    /// <summary>Merges <paramref name="otherId"/> into this individual: its events, measures and memberships become this one's.</summary>
    Task<MergeResult> AbsorbAsync(string otherId);

    /// <summary>Called by a survivor on the individual it absorbs: hands over its events and becomes a redirect.</summary>
    /// <remarks><paramref name="survivorKeptApart"/> are the contact points the survivor may not merge with (split off it).</remarks>
    Task<SurrenderResult> SurrenderAsync(string survivorId, IReadOnlyList<string> survivorIdentities, int survivorAbsorbed, IReadOnlyList<string> survivorKeptApart);

    /// <summary>
    /// Undoes a wrong merge: the contact points <paramref name="identityKeys"/> (<c>type:value</c>) and the events
    /// and merged individuals that go with them become another individual, as if the two had never been merged.
    /// </summary>
    Task<SplitResult> SplitAsync(IReadOnlyList<string> identityKeys);

    /// <summary>Called by an individual being split on the one that takes what is split off (a merged-away id or a new one).</summary>
    Task<bool> TakeSplitAsync(string fromId, SplitHandover handover);

    /// <summary>Points a merged-away individual's redirect at <paramref name="survivorId"/> (a split moved what it was merged into).</summary>
    Task MoveRedirectAsync(string survivorId);

    /// <summary>
    /// Lifts every separation this individual holds and the other side's record of it; with <paramref name="fromIds"/>,
    /// only those made against those individuals. Returns how many were lifted here.
    /// </summary>
    Task<int> LiftSeparationsAsync(IReadOnlyList<string>? fromIds);

    /// <summary>The identity graph: contact points, merged individuals, refused links; null when there is no such individual.</summary>
    Task<IdentityGraphView?> GetIdentityGraphAsync();

    /// <summary>
    /// Erases the individual and every individual merged into it: events, profile, contact points, memberships;
    /// with <paramref name="suppress"/>, its contact points are suppressed until an admin lifts them.
    /// </summary>
    Task<ErasureResult> EraseAsync(bool suppress);

    /// <summary>Called by an erasing survivor on an individual merged into it: forgets the redirect.</summary>
    Task ForgetAsync();
}
