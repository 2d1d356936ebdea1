using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EngagementGrains.Gateway.Problems;

/// <summary>A body read before its route ran, kept as a request feature so it is read once.</summary>
internal sealed record JsonBodyRead(JsonDocument? Document, ProblemHttpResult? Problem);
