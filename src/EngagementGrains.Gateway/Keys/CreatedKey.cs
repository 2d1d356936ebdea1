namespace EngagementGrains.Gateway.Keys;

/// <summary>A new key: the only time its secret is shown.</summary>
/// <param name="Id">The key's id, for <c>DELETE /v1/keys/{id}</c>.</param>
/// <param name="Key">The key itself (<c>egk_{id}_{secret}</c>); only its hash is stored.</param>
/// <param name="Scopes">Its scopes.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
public sealed record class CreatedKey(string Id, string Key, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt = null)
    : Audit.IAuditTarget
{
    // Explicit, so the answer's JSON does not gain a field.
    string Audit.IAuditTarget.AuditTarget => Id;
}
