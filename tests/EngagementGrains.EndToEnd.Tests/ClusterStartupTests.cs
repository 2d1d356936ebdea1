using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ClusterStartupTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_silo_on_a_database_without_the_schema_refuses_to_start_and_says_what_to_run()
    {
        var connection = await fixture.Server.CreateDatabaseAsync("bare" + Guid.NewGuid().ToString("N"), applySchema: false);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HostProcess.StartAsync(arguments:
            ["--role", "silo", "--storage", "postgres", "--postgres", connection]));
        Assert.Contains("deploy/sql/apply.sh", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--role", "gateway", "needs --storage postgres")]
    [InlineData("--role", "worker", "is not a role")]
    [InlineData("--storage", "mysql", "is not a store")]
    public async Task A_process_given_impossible_options_exits_with_a_clear_message(string option, string value, string message)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HostProcess.StartAsync(arguments: [option, value]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
