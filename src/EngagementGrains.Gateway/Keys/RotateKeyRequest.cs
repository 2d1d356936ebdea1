namespace EngagementGrains.Gateway.Keys;

/// <summary>The body of <c>POST /v1/keys/{id}/rotate</c> (optional).</summary>
/// <param name="Overlap">How long the old secret keeps working: <c>0s</c> to <c>30d</c> as <c>N</c> and s, m, h or d; 24h by default.</param>
public sealed record class RotateKeyRequest(string? Overlap);
