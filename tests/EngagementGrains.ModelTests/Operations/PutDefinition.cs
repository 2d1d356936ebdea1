namespace EngagementGrains.ModelTests.Operations;

/// <summary>Creates or changes a measure or segment, then waits for its backfill.</summary>
public sealed record PutDefinition(DefinitionShape Shape) : Operation;
