using EngagementGrains.Core.Time;
using EngagementGrains.Abstractions.Keys;
using EngagementGrains.Storage;

namespace EngagementGrains.Grains.Keys;

/// <summary>One API key; every request asks it, so a revocation takes effect on the next request.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("apikey", StorageNames.Grains)] IPersistentState<ApiKeyState> state,
    EngagementClock time) : Grain, IApiKeyGrain
{
    // Last use is written at most this often: a busy key is asked on every request, and one write per request
    // would cost more than the request.
    private static readonly TimeSpan s_lastUsedResolution = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _lastUsed;

    async Task<ApiKeyRecord?> IApiKeyGrain.GetAsync()
    {
        if (state.State.Record is null || state.State.RevokedAt is not null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        _lastUsed = now;
        if (state.State.LastUsedAt is not { } written || now - written >= s_lastUsedResolution)
        {
            state.State.LastUsedAt = now;
            await state.WriteStateAsync();
        }

        return state.State.Record;
    }

    Task<ApiKeyView?> IApiKeyGrain.DescribeAsync() => Task.FromResult(View());

    async Task<bool> IApiKeyGrain.CreateAsync(ApiKeyRecord record)
    {
        if (state.State.Record is not null)
        {
            return false;
        }

        state.State.Record = record;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IApiKeyRegistryGrain>(0).AddAsync(this.GetPrimaryKeyString());
        return true;
    }

    async Task<ApiKeyView?> IApiKeyGrain.RotateAsync(string newSecretHash, DateTimeOffset previousValidUntil)
    {
        if (state.State.Record is not { } record || state.State.RevokedAt is not null)
        {
            return null;
        }

        state.State.Record = record with { SecretHash = newSecretHash, PreviousSecretHash = record.SecretHash, PreviousValidUntil = previousValidUntil };
        state.State.RotatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        return View();
    }

    async Task<bool> IApiKeyGrain.RevokeAsync()
    {
        if (state.State.Record is null || state.State.RevokedAt is not null)
        {
            return false;
        }

        state.State.RevokedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        return true;
    }

    private ApiKeyView? View() => state.State.Record is not { } record ? null : new ApiKeyView(
        this.GetPrimaryKeyString(), record.Scopes, record.CreatedAt, record.ExpiresAt,
        Latest(_lastUsed, state.State.LastUsedAt), state.State.RotatedAt, record.PreviousValidUntil, state.State.RevokedAt);

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
