using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.Tests;

/// <summary>The embedded store's one writer: an operation's own failure fails that operation alone.</summary>
public sealed class GroupCommitWriterTests
{
    [Fact]
    public async Task An_operation_that_throws_fails_alone_and_the_writer_keeps_committing_everyone_elses()
    {
        await using var db = new TemporaryDatabase();
        var failing = db.Database.WriteAsync(new Throwing());
        var beside = db.Database.WriteAsync(new Versioned());

        await Assert.ThrowsAsync<FormatException>(() => failing);
        Assert.Equal(SqliteDatabase.SchemaVersion, await beside);
        Assert.Equal(SqliteDatabase.SchemaVersion, await db.Database.WriteAsync(new Versioned()));
    }

    private sealed class Throwing : WriteOperation<long>
    {
        protected override long Run(WriterSession session) => throw new FormatException("a fault in an operation's own code");
    }

    private sealed class Versioned : WriteOperation<long>
    {
        protected override long Run(WriterSession session) => (long)session.Command("SELECT max(version) FROM schema_version").ExecuteScalar()!;
    }
}
