namespace EngagementGrains.ModelTests.Operations;

/// <summary><c>POST /v1/profiles/{id}/split</c> of a person's email and phone off the individual they were merged into.</summary>
public sealed record SplitPerson(int Person) : Operation;
