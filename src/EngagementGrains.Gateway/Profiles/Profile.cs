using System.Text.Json;
using EngagementGrains.Abstractions.Individuals;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>An individual's unified profile, as <c>GET /v1/profiles/{id}</c> and <c>/lookup</c> answer it.</summary>
/// <param name="IndividualId">The individual's id.</param>
/// <param name="Identities">Contact points by identity type, normalised.</param>
/// <param name="Attributes">Profile attributes, each the value of the newest event that set it.</param>
/// <param name="Consent">Consent by channel, from the newest event that set it.</param>
/// <param name="FirstSeen">The earliest <c>occurredAt</c>.</param>
/// <param name="LastSeen">The latest <c>occurredAt</c>.</param>
/// <param name="EventCount">Events stored for the individual.</param>
/// <param name="EventCounts">Events by type.</param>
/// <param name="Measures">The current value of every defined measure.</param>
/// <param name="Segments">The segments the individual is in, and since when.</param>
/// <param name="IdentityConflicts">Contact points its events carried that belong to another individual.</param>
public sealed record class Profile(
    string IndividualId,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Identities,
    IReadOnlyDictionary<string, JsonElement> Attributes,
    IReadOnlyDictionary<string, ChannelConsent> Consent,
    string FirstSeen,
    string LastSeen,
    long EventCount,
    IReadOnlyDictionary<string, long> EventCounts,
    IReadOnlyDictionary<string, MeasureValue> Measures,
    IReadOnlyDictionary<string, SegmentSince> Segments,
    IReadOnlyList<ConflictingIdentity> IdentityConflicts)
{
    public static Profile From(ProfileView profile) => new(
        profile.IndividualId,
        ApiJson.Ordered(profile.Identities, values => values),
        ApiJson.Ordered(profile.AttributesJson, ApiJson.Element),
        ApiJson.Ordered(profile.Consent, c => new ChannelConsent(c.Status, ApiJson.Timestamp(c.UpdatedAt), c.EventType)),
        ApiJson.Timestamp(profile.FirstSeen),
        ApiJson.Timestamp(profile.LastSeen),
        profile.EventCount,
        ApiJson.Ordered(profile.EventCounts, count => count),
        ApiJson.Ordered(profile.Measures, m => new MeasureValue(ApiJson.Element(m.ValueJson), ApiJson.Timestamp(m.ComputedAt))),
        ApiJson.Ordered(profile.Segments, since => new SegmentSince(ApiJson.Timestamp(since))),
        profile.IdentityConflicts.Select(c => new ConflictingIdentity(c.IdentityType, c.Value, c.EventId, ApiJson.Timestamp(c.OccurredAt))).ToArray());
}
