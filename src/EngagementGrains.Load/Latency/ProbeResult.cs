namespace EngagementGrains.Load.Latency;

/// <summary>Event-to-membership latency and time-only exit lag, in milliseconds.</summary>
public sealed record class ProbeResult(
    int Probes, int Entered, int Exited,
    double EnterP50Ms, double EnterP99Ms, double EnterMaxMs,
    double ExitLagP50Ms, double ExitLagP99Ms, double ExitLagMaxMs);
