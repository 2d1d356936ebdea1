using EngagementGrains.Core.Time;
using EngagementGrains.Abstractions.Keys;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Keys;

/// <summary>
/// On the first start without <c>ENGAGEMENTGRAINS_ADMIN_KEY</c>, creates an admin key, stores its hash
/// and prints the key once, so a fresh install is usable and never open.
/// </summary>
public sealed partial class AdminKeyBootstrap(
    IGrainFactory grains, IOptions<ApiKeyOptions> options, EngagementClock time, ILogger<AdminKeyBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.AdminKey is { Length: > 0 })
        {
            return;
        }

        var (id, key, secret) = ApiKeySecret.Generate(ApiKeyOptions.BootstrapKeyId);
        var created = await grains.GetGrain<IApiKeyGrain>(id)
            .CreateAsync(new ApiKeyRecord(ApiKeySecret.Hash(secret), Scopes.All, time.GetUtcNow()));
        if (created)
        {
            // Printed once on purpose: only the hash is stored, so this is the one chance to copy it.
            Console.WriteLine($"EngagementGrains admin key (shown once; set {ApiKeyOptions.AdminKeyVariable} to choose your own): {key}");
            LogCreated(logger, id);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap admin key '{KeyId}'")]
    private static partial void LogCreated(ILogger logger, string keyId);
}
