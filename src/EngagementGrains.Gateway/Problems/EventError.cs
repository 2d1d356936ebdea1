namespace EngagementGrains.Gateway.Problems;

/// <summary>One mistake in a request of events, calls or records.</summary>
/// <param name="Index">The event's (call's, record's) position in the request, from 0.</param>
/// <param name="Field">The field at fault as the request spells it (<c>occurredAt</c>, <c>traits.email</c>); empty for the whole item.</param>
/// <param name="Message">What is wrong.</param>
public sealed record class EventError(int Index, string Field, string Message);
