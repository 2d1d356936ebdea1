namespace EngagementGrains.Gateway.Destinations;

/// <summary>The body of <c>POST /v1/destinations/{name}/replay</c>; empty to resume from the saved positions.</summary>
/// <param name="Segment">The segment whose position is moved.</param>
/// <param name="After">Deliver again every change after this feed position (0: from the start).</param>
public sealed record class ReplayRequest(string? Segment = null, long? After = null);
