using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.ModelTests.Running;

namespace EngagementGrains.ModelTests;

/// <summary>Replays a saved failing history (<c>MODEL_REPLAY=&lt;file&gt;</c>) on the engine it failed on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReplayTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_saved_history_replays_to_agreement_with_the_reference()
    {
        if (Environment.GetEnvironmentVariable("MODEL_REPLAY") is not { Length: > 0 } file)
        {
            Assert.Skip("Set MODEL_REPLAY to a file a failed model run saved.");
            return;
        }

        var history = OperationFile.Load(file);
        Func<ModelClock, Task<IModelEngine>> start = history.Engine == "cluster"
            ? async clock => await ClusterEngine.StartAsync(fixture.Server, clock)
            : async clock => await EmbeddedEngine.StartAsync(clock);
        var failure = await Campaign.ReplayAsync(start, history);
        Assert.True(failure is null, failure is null ? "" : $"step {failure.Step}: {failure.Message}");
    }
}
