namespace EngagementGrains.Gateway.ApiDocs;

/// <summary>Marks a route whose body is one item or an array of them, so the document offers both.</summary>
public sealed record class OneOrManyBody;
