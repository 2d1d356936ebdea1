namespace EngagementGrains.Client.Tracking;

/// <summary>What the engine did with tracked events, as <c>POST /v1/events</c> answers: all are durable and applied.</summary>
/// <param name="Accepted">Events stored and applied now.</param>
/// <param name="Duplicates">Events whose eventId the individual already had: nothing changed.</param>
/// <param name="Suppressed">Events dropped because they name an erased, suppressed contact point.</param>
public sealed record class TrackResult(int Accepted, int Duplicates, int Suppressed);
