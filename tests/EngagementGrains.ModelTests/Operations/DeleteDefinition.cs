namespace EngagementGrains.ModelTests.Operations;

/// <summary>Deletes a measure or segment (refused with 409 while another segment refers to it).</summary>
public sealed record DeleteDefinition(string Kind, string Name) : Operation;
