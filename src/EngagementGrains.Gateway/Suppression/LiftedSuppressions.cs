namespace EngagementGrains.Gateway.Suppression;

/// <summary>The answer of a lift: how many of the named contact points were suppressed, and their keys.</summary>
public sealed record class LiftedSuppressions(int Lifted, IReadOnlyList<string> Keys) : Audit.IAuditTarget
{
    // Explicit, so the answer's JSON does not gain a field.
    string Audit.IAuditTarget.AuditTarget => string.Join(',', Keys);
}
