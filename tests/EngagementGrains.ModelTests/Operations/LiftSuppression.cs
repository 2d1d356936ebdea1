namespace EngagementGrains.ModelTests.Operations;

/// <summary><c>POST /v1/suppressions/lift</c> of a person's email and phone.</summary>
public sealed record LiftSuppression(int Person) : Operation;
