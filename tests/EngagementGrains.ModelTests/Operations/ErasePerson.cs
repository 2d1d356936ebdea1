namespace EngagementGrains.ModelTests.Operations;

/// <summary><c>DELETE /v1/profiles/{id}</c> of the individual a person is part of; with <c>?suppress=false</c> unless <paramref name="Suppress"/>.</summary>
public sealed record ErasePerson(int Person, bool Suppress = true) : Operation;
