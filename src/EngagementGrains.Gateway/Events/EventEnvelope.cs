using System.Text.Json;

namespace EngagementGrains.Gateway.Events;

/// <summary>
/// An engagement event as <c>POST /v1/events</c> takes it, alone or in an array. It describes the request in
/// the API document; the body itself is read and validated field by field, so every mistake is named.
/// </summary>
/// <param name="EventId">1–128 printable characters; the idempotency key per individual.</param>
/// <param name="Type">A catalog type, or a custom name matching <c>^[A-Za-z][A-Za-z0-9_.:-]{0,127}$</c>.</param>
/// <param name="OccurredAt">ISO-8601 with an offset (<c>Z</c> or <c>±hh:mm</c>), or epoch milliseconds as a number or a string of digits.</param>
/// <param name="IndividualId">The individual's id; this and/or <c>identities</c> is required.</param>
/// <param name="Identities">Contact points by identity type (<c>email</c>, <c>phone</c>, <c>userId</c>, …).</param>
/// <param name="Channel">A lower-case channel; defaults to the catalog type's channel, else <c>custom</c>.</param>
/// <param name="Attributes">The event's attributes; known fields of catalog types are type-checked and coerced.</param>
public sealed record class EventEnvelope(
    string EventId,
    string Type,
    JsonElement OccurredAt,
    string? IndividualId = null,
    IReadOnlyDictionary<string, string>? Identities = null,
    string? Channel = null,
    IReadOnlyDictionary<string, JsonElement>? Attributes = null);
