namespace EngagementGrains.ModelTests.Operations;

/// <summary>kill -9 of the Host (or of one silo), the clock moved while it is down, then a restart.</summary>
public sealed record CrashHost(long AdvanceWhileDownMs, int Silo = 0) : Operation;
