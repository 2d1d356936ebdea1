namespace EngagementGrains.Gateway.Audit;

/// <summary>The answer of <c>GET /v1/audit</c>: one month's admin actions, oldest first.</summary>
/// <param name="Month">The month, <c>yyyy-MM</c> in UTC.</param>
/// <param name="Entries">Each action: when, the key id that did it, the action, its target and the HTTP status it got.</param>
public sealed record class AuditPage(string Month, IReadOnlyList<AuditRecord> Entries);

/// <summary>One admin action as the API shows it.</summary>
public sealed record class AuditRecord(string At, string KeyId, string Action, string Target, int Status);
