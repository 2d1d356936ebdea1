namespace EngagementGrains.Gateway.Audit;

/// <summary>An answer that names what an audited call acted on, when its route does not (a new key, lifted suppressions).</summary>
public interface IAuditTarget
{
    /// <summary>The audit entry's target; never a secret or a contact point.</summary>
    string AuditTarget { get; }
}
