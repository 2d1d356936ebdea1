using Microsoft.OpenApi;

namespace EngagementGrains.Gateway.ApiDocs;

/// <summary>
/// A query parameter a route reads itself (to answer a bad value with its own problem), described as
/// endpoint metadata so the API document lists it.
/// </summary>
public sealed record class QueryParameterDoc(string Name, JsonSchemaType Type, string Description);
