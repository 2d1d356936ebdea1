namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>One running Host shared by the API tests; each test uses its own individuals.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private HostProcess? _host;

    internal HostProcess Host => _host ?? throw new InvalidOperationException("The Host is not started.");

    public async ValueTask InitializeAsync() => _host = await HostProcess.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}
