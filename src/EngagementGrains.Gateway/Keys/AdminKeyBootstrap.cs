using EngagementGrains.Core.Time;
using EngagementGrains.Abstractions.Keys;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Keys;

/// <summary>
/// On the first start without <c>ENGAGEMENTGRAINS_ADMIN_KEY</c>, creates an admin key and stores its hash;
/// the start-up banner shows the key that once (<see cref="AdminKeyStatus"/>), so a fresh install is usable
/// and never open.
/// </summary>
public sealed partial class AdminKeyBootstrap(
    IGrainFactory grains, IOptions<ApiKeyOptions> options, EngagementClock time, AdminKeyStatus status, ILogger<AdminKeyBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.AdminKey is { Length: > 0 } configured)
        {
            status.Found(configured == Environment.GetEnvironmentVariable(ApiKeyOptions.AdminKeyVariable)
                ? AdminKeySource.Environment
                : AdminKeySource.Configuration);
            return;
        }

        var (id, key, secret) = ApiKeySecret.Generate(ApiKeyOptions.BootstrapKeyId);
        var created = await grains.GetGrain<IApiKeyGrain>(id)
            .CreateAsync(new ApiKeyRecord(ApiKeySecret.Hash(secret), Scopes.All, time.GetUtcNow()));
        if (created)
        {
            status.Generated(key);
            LogCreated(logger, id);
        }
        else
        {
            status.Found(AdminKeySource.GeneratedEarlier);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap admin key '{KeyId}'")]
    private static partial void LogCreated(ILogger logger, string keyId);
}
