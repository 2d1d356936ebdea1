namespace EngagementGrains.Gateway.Keys;

/// <summary>
/// Marks a route whose clients may send their key as <c>writeKey</c> in the JSON body (analytics.js does),
/// with the body limit and content types the route itself reads it with.
/// </summary>
public sealed record KeyInBodyMetadata(int MaxBytes, bool AcceptsTextAndForm);
