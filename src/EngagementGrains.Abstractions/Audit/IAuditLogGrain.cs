namespace EngagementGrains.Abstractions.Audit;

/// <summary>The admin actions of one month (grain key <c>yyyy-MM</c>, UTC), kept in the order they happened.</summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry once it is durable.</summary>
    Task AppendAsync(AuditEntry entry);

    /// <summary>The month's entries, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync();
}
