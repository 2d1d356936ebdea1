namespace EngagementGrains.ModelTests.Running;

/// <summary>The first step at which the engine and the reference disagreed, and how.</summary>
public sealed record StepFailure(int Step, string Message);
