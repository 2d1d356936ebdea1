namespace EngagementGrains.Storage;

/// <summary>
/// Makes deleted rows unrecoverable after an erasure: what a plain DELETE leaves behind (the SQLite
/// write-ahead log, PostgreSQL's dead row versions and index entries) is removed.
/// </summary>
public interface IErasureScrub
{
    /// <summary>Completes once every row deleted before the call is gone from the store's files and tables.</summary>
    Task ScrubAsync(CancellationToken cancellationToken = default);
}
