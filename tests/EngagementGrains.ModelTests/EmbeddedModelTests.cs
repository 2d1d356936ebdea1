using EngagementGrains.ModelTests.Running;

namespace EngagementGrains.ModelTests;

/// <summary>Random histories with kill -9 against the embedded Host, compared step by step with the reference.</summary>
public sealed class EmbeddedModelTests
{
    [Fact]
    public async Task Random_histories_with_kills_agree_with_the_reference_at_every_step()
    {
        var campaign = new Campaign("embedded", async clock => await EmbeddedEngine.StartAsync(clock), ModelSettings.Embedded, parallelism: 1);
        var (figures, failures, elapsed) = await campaign.RunAsync();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
        Assert.True(figures.Steps > 0 && figures.EventsAcknowledged > 0, $"the run did nothing: {figures}");
        Assert.True(figures.Merges > 0 && figures.Splits > 0, $"the histories merged or split nobody: {figures}");
    }
}
