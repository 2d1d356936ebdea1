namespace EngagementGrains.ModelTests.Operations;

/// <summary><c>DELETE /v1/profiles/{id}</c> of the individual a person is part of.</summary>
public sealed record ErasePerson(int Person) : Operation;
