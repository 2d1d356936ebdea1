namespace EngagementGrains.ModelTests.Operations;

/// <summary>One request to <c>POST /v1/events</c>; with <see cref="CrashDuring"/> the Host is killed while it is in flight and the client retries.</summary>
public sealed record SendEvents(IReadOnlyList<ModelEvent> Events, bool CrashDuring = false, int CrashAfterMs = 0) : Operation;
