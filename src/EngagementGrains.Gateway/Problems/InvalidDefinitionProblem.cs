namespace EngagementGrains.Gateway.Problems;

/// <summary>
/// The <c>400 application/problem+json</c> of a measure or segment definition that was not stored.
/// Describes the answer in the API document; which members appear depends on the mistake.
/// </summary>
/// <param name="Type">The RFC 9110 section of the status.</param>
/// <param name="Title">The kind of mistake.</param>
/// <param name="Status">400.</param>
/// <param name="Detail">Every mistake in a sentence.</param>
/// <param name="Errors">Each mistake with the JSON path at fault (when the definition is invalid).</param>
/// <param name="Line">The line where the body stops being JSON (when it is not JSON).</param>
/// <param name="Position">The position in that line.</param>
/// <param name="Path">The JSON path reached (when the body is not JSON).</param>
/// <param name="TraceId">The request's trace id.</param>
public sealed record class InvalidDefinitionProblem(
    string Type, string Title, int Status, string Detail, IReadOnlyList<FieldError>? Errors,
    int? Line, int? Position, string? Path, string? TraceId);
