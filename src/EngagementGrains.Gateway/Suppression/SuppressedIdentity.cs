namespace EngagementGrains.Gateway.Suppression;

/// <summary>One suppressed contact point: its type, its hash (never the value) and when it was erased.</summary>
public sealed record class SuppressedIdentity(string Key, string Type, string SuppressedAt);
