namespace EngagementGrains.ModelTests.Operations;

/// <summary>
/// <c>POST /v1/profiles/{id}/split</c> of a person's email and phone off the individual they were merged into; with
/// <see cref="CrashDuring"/> the Host is killed while it is in flight and the client sends it again.
/// </summary>
public sealed record SplitPerson(int Person, bool CrashDuring = false, int CrashAfterMs = 0) : Operation;
