using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.ModelTests.Running;

namespace EngagementGrains.ModelTests;

/// <summary>Random histories against two silos and a gateway on PostgreSQL, with silos killed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterModelTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Random_histories_with_silos_killed_agree_with_the_reference_at_every_step()
    {
        var campaign = new Campaign("cluster", async clock => await ClusterEngine.StartAsync(fixture.Server, clock), ModelSettings.Cluster, parallelism: 1);
        var (figures, failures, _) = await campaign.RunAsync();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
        Assert.True(figures.Steps > 0 && figures.Kills > 0, $"the run did nothing or killed nothing: {figures}");
    }
}
