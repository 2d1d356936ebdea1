namespace EngagementGrains.Gateway.Problems;

/// <summary>The <c>400 application/problem+json</c> of an invalid measure or segment definition. Describes the answer in the API document.</summary>
public sealed record class InvalidDefinitionProblem(string Type, string Title, int Status, string Detail, IReadOnlyList<FieldError> Errors, string? TraceId);
