using EngagementGrains.Storage.GrainState;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace EngagementGrains.Storage.Tests;

public sealed class SqliteGrainStorageTests
{
    public sealed record class Sample
    {
        public string Name { get; set; } = "";
        public Dictionary<string, long> Counts { get; init; } = [];
    }

    private static readonly GrainId s_grain = GrainId.Create("individual", "ind-1");

    [Fact]
    public async Task Round_trips_state_as_json_across_a_reopen()
    {
        await using var db = new TemporaryDatabase();
        var state = new GrainState<Sample>(new Sample { Name = "a", Counts = { ["EmailSent"] = 3 } });
        await new SqliteGrainStorage(db.Database).WriteStateAsync("individual", s_grain, state);
        await db.ReopenAsync();

        var read = new GrainState<Sample>();
        await new SqliteGrainStorage(db.Database).ReadStateAsync("individual", s_grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal("a", read.State!.Name);
        Assert.Equal(3, read.State!.Counts["EmailSent"]);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task A_stale_writer_cannot_overwrite_newer_state()
    {
        await using var db = new TemporaryDatabase();
        var storage = new SqliteGrainStorage(db.Database);
        var first = new GrainState<Sample>(new Sample { Name = "v1" });
        await storage.WriteStateAsync("individual", s_grain, first);

        var stale = new GrainState<Sample>();
        await storage.ReadStateAsync("individual", s_grain, stale);
        first.State!.Name = "v2";
        await storage.WriteStateAsync("individual", s_grain, first);

        stale.State!.Name = "stale";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("individual", s_grain, stale));
        var read = new GrainState<Sample>();
        await storage.ReadStateAsync("individual", s_grain, read);
        Assert.Equal("v2", read.State!.Name);

        var second = new GrainState<Sample>(new Sample { Name = "fresh" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("individual", s_grain, second));
    }

    [Fact]
    public async Task Clear_removes_the_state()
    {
        await using var db = new TemporaryDatabase();
        var storage = new SqliteGrainStorage(db.Database);
        var state = new GrainState<Sample>(new Sample { Name = "x" });
        await storage.WriteStateAsync("individual", s_grain, state);
        await storage.ClearStateAsync("individual", s_grain, state);

        var read = new GrainState<Sample>();
        await storage.ReadStateAsync("individual", s_grain, read);
        Assert.False(read.RecordExists);
        Assert.Equal("", read.State!.Name);
    }
}
