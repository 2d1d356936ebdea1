using EngagementGrains.Abstractions.Keys;
using EngagementGrains.Core.Time;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Keys;

/// <summary>Checks a presented key against the bootstrap admin key and the key grains: the one check of the API and the dashboard.</summary>
public sealed class ApiKeyValidator(IOptions<ApiKeyOptions> keys, IGrainFactory grains, EngagementClock time)
{
    public async Task<KeyCheck> CheckAsync(string presented)
    {
        if (keys.Value.AdminKey is { Length: > 0 } admin
            && ApiKeySecret.Matches(presented, ApiKeySecret.Hash(admin)))
        {
            return KeyCheck.Accept("admin", Scopes.All);
        }

        if (!ApiKeySecret.TryParse(presented, out var id, out var secret))
        {
            return KeyCheck.Refuse("The key is not an EngagementGrains key.");
        }

        var record = await grains.GetGrain<IApiKeyGrain>(id).GetAsync();
        var now = time.GetUtcNow();
        if (record is null || !ApiKeySecret.Accepts(record, secret, now))
        {
            return KeyCheck.Refuse("The key is unknown or revoked.");
        }

        return record.ExpiresAt <= now
            ? KeyCheck.Refuse("The key has expired.", expired: true)
            : KeyCheck.Accept(id, [.. record.Scopes]);
    }
}
