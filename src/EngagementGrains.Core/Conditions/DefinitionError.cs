namespace EngagementGrains.Core.Conditions;

/// <summary>What is wrong in a definition, and where: a JSON path such as <c>where.total.gte</c>.</summary>
public sealed record class DefinitionError(string Path, string Message);
