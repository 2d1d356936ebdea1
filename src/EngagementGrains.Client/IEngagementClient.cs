using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Client.Profiles;
using EngagementGrains.Client.Tracking;

namespace EngagementGrains.Client;

/// <summary>A frontend's way into the engine through an Orleans client: track events, read profiles, check segment membership.</summary>
public interface IEngagementClient
{
    /// <summary>
    /// Validates the events as <c>POST /v1/events</c> does and delivers them; completes once all are durable and
    /// applied. An eventId the individual already has counts as a duplicate. Throws <see cref="EventsRejectedException"/>
    /// when any event is invalid, and then nothing is stored.
    /// </summary>
    Task<TrackResult> TrackAsync(IReadOnlyList<TrackedEvent> events);

    /// <summary>The individual's profile (following merges to the survivor), or null when it never received an event.</summary>
    Task<ProfileView?> GetProfileAsync(string individualId);

    /// <summary>The profile of the individual holding the contact point, or null when none does.</summary>
    Task<ProfileView?> GetProfileAsync(ContactPoint contactPoint);

    /// <summary>Whether the individual (or its merge survivor) is a member of the segment now.</summary>
    Task<bool> IsMemberAsync(string segment, string individualId);

    /// <summary>Whether the individual holding the contact point is a member of the segment now; false when no one holds it.</summary>
    Task<bool> IsMemberAsync(string segment, ContactPoint contactPoint);
}
