using EngagementGrains.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Storage.Tests;

/// <summary>A database in a fresh temporary directory, deleted afterwards; can be closed and reopened.</summary>
internal sealed class TemporaryDatabase : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eg-storage-" + Guid.NewGuid().ToString("N"));

    public TemporaryDatabase() => Database = Open();

    public SqliteDatabase Database { get; private set; }

    public async Task ReopenAsync()
    {
        await Database.DisposeAsync();
        Database = Open();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private SqliteDatabase Open() => new(
        Options.Create(new SqliteStorageOptions { DataDirectory = _directory }),
        NullLogger<SqliteDatabase>.Instance);
}
