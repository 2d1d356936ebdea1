namespace EngagementGrains.Storage;

/// <summary>
/// Ends the sessions a dead process left open in a shared store. A process that dies cut off from the server
/// cannot close them, and the server may hold their open transactions, and those transactions' locks, for hours.
/// </summary>
public interface IDepartedSessions
{
    /// <summary>Ends every session named <paramref name="sessionName"/>, rolling back what it had not committed; the count ended.</summary>
    Task<int> EndSessionsAsync(string sessionName, CancellationToken cancellationToken = default);
}
