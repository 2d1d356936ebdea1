namespace EngagementGrains.Storage.Sqlite;

/// <summary>Options of the embedded SQLite store (section <c>EngagementGrains:Storage</c>).</summary>
public sealed class SqliteStorageOptions
{
    public const string SectionName = "EngagementGrains:Storage";
    public const string DefaultDataDirectory = "data";
    public const string DatabaseFileName = "engagement.db";

    /// <summary>Where the database lives (<c>--data-dir</c>); relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>
    /// SQLite's <c>synchronous</c> level in WAL mode: <c>FULL</c> (default) survives a power loss,
    /// <c>NORMAL</c> survives a killed process but may lose the last commits on a power loss.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>The most write operations (each one grain's batch) folded into one transaction.</summary>
    public int MaxOperationsPerCommit { get; set; } = 4096;

    /// <summary>The writer's page cache, in MiB: large inserts stay in memory until checkpoint.</summary>
    public int CacheSizeMiB { get; set; } = 128;

    /// <summary>WAL pages between automatic checkpoints; rarer checkpoints make commits cheaper.</summary>
    public int WalAutoCheckpointPages { get; set; } = 20000;

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFileName));
}
