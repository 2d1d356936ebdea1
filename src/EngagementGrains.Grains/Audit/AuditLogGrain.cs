using EngagementGrains.Abstractions.Audit;
using EngagementGrains.Storage;

namespace EngagementGrains.Grains.Audit;

/// <summary>One month of admin actions; a month per grain keeps each one's state small while nothing is dropped.</summary>
public sealed class AuditLogGrain(
    [PersistentState("audit", StorageNames.Grains)] IPersistentState<AuditLogState> state) : Grain, IAuditLogGrain
{
    async Task IAuditLogGrain.AppendAsync(AuditEntry entry)
    {
        state.State.Entries.Add(entry);
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<AuditEntry>> IAuditLogGrain.ListAsync() => Task.FromResult<IReadOnlyList<AuditEntry>>([.. state.State.Entries]);
}
