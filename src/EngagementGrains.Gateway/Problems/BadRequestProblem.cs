namespace EngagementGrains.Gateway.Problems;

/// <summary>
/// The <c>400 application/problem+json</c> of a request of events, calls or records. Nothing of the request
/// was stored. Describes the answer in the API document; which members appear depends on the mistake.
/// </summary>
/// <param name="Type">The RFC 9110 section of the status.</param>
/// <param name="Title">The kind of mistake.</param>
/// <param name="Status">400.</param>
/// <param name="Detail">The mistake in a sentence.</param>
/// <param name="Errors">Every invalid event, call or record, field and reason (when items are invalid).</param>
/// <param name="Line">The line where the body stops being JSON (when it is not JSON).</param>
/// <param name="Position">The position in that line.</param>
/// <param name="Path">The JSON path reached (when the body is not JSON).</param>
/// <param name="Field">The parameter at fault (when one is, such as an empty body).</param>
/// <param name="TraceId">The request's trace id.</param>
public sealed record class BadRequestProblem(
    string Type, string Title, int Status, string Detail, IReadOnlyList<EventError>? Errors,
    int? Line, int? Position, string? Path, string? Field, string? TraceId);
