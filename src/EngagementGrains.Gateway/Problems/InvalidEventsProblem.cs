namespace EngagementGrains.Gateway.Problems;

/// <summary>
/// The <c>400 application/problem+json</c> of a request with invalid events, calls or records: every
/// mistake listed, and nothing of the request stored. Describes the answer in the API document.
/// </summary>
public sealed record class InvalidEventsProblem(string Type, string Title, int Status, string Detail, IReadOnlyList<EventError> Errors, string? TraceId);
