using System.Diagnostics;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Destinations;
using EngagementGrains.Abstractions.Segments;
using EngagementGrains.Core.Destinations;
using EngagementGrains.Core.Time;
using EngagementGrains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Grains.Destinations;

/// <summary>
/// One webhook destination. Its outbox is the segment change feed itself: it keeps a durable position per
/// segment and delivers the changes after it in feed order, one at a time per segment, writing the position
/// after each acknowledgement. A crash between delivery and write re-delivers with the same webhook id. Being
/// one grain per destination, a slow or failing receiver holds up only itself; ingest never waits for it.
/// </summary>
public sealed partial class DestinationGrain(
    [PersistentState("destination", StorageNames.Grains)] IPersistentState<DestinationState> state,
    EngagementClock time,
    WebhookSender sender,
    DestinationMetrics metrics,
    IOptions<DestinationOptions> options,
    ILogger<DestinationGrain> logger) : Grain, IDestinationGrain
{
    private const int FeedBatch = 100;

    // A pass yields after this long so that changes to the destination (a put, a replay) are not held up.
    private static readonly TimeSpan s_passBudget = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, HeadRetry> _retries = [];
    private readonly LinkedList<DeliveryAttempt> _attempts = [];
    private IGrainTimer? _timer;
    private long _nextLook;

    private string Name => DestinationGrainKey.NameOf(this.GetPrimaryKeyString());

    private DestinationOptions Options => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Start();
        if (state.State.Settings is not null)
        {
            metrics.Retrying(Name, 0);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Forget(Name);
        return Task.CompletedTask;
    }

    async Task<DestinationPut> IDestinationGrain.PutAsync(DestinationSettings settings, string newSecret)
    {
        var now = time.GetUtcNow();
        var created = state.State.Settings is null;
        if (created)
        {
            state.State = new DestinationState { Secret = newSecret, CreatedAt = now };
        }

        state.State.Settings = settings;
        state.State.UpdatedAt = now;
        await state.WriteStateAsync();

        // Every put, not only the first: a put that crashed between the two writes is repaired by repeating it.
        await GrainFactory.GetGrain<IDestinationRegistryGrain>(0).AddAsync(Name);
        if (created)
        {
            metrics.Retrying(Name, 0);
        }

        Start();
        _nextLook = 0;
        return new DestinationPut(View()!, created, created ? newSecret : null);
    }

    Task<DestinationView?> IDestinationGrain.GetAsync() => Task.FromResult(View());

    async Task<bool> IDestinationGrain.DeleteAsync()
    {
        if (state.State.Settings is null)
        {
            return false;
        }

        await state.ClearStateAsync();
        state.State = new DestinationState();
        await GrainFactory.GetGrain<IDestinationRegistryGrain>(0).RemoveAsync(Name);
        _retries.Clear();
        metrics.Forget(Name);
        _timer?.Dispose();
        _timer = null;
        DeactivateOnIdle();
        return true;
    }

    async Task<DestinationView?> IDestinationGrain.RotateSecretAsync(string newSecret, DateTimeOffset previousValidUntil)
    {
        if (state.State.Settings is null)
        {
            return null;
        }

        state.State.PreviousSecret = state.State.Secret;
        state.State.PreviousSecretValidUntil = previousValidUntil;
        state.State.Secret = newSecret;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        return View();
    }

    async Task<DestinationView?> IDestinationGrain.ReplayAsync(string? segment, long? after)
    {
        if (state.State.Settings is null)
        {
            return null;
        }

        if (segment is not null && after is { } position)
        {
            state.State.Positions[segment] = position;
        }

        // Replaying is the operator's "try again now": every wait and give-up clock starts over.
        state.State.FailingSince = null;
        state.State.FailingReason = null;
        state.State.RetryingSince.Clear();
        _retries.Clear();
        metrics.Retrying(Name, 0);
        await state.WriteStateAsync();
        Start();
        _nextLook = 0;
        return View();
    }

    Task<IReadOnlyList<DeliveryAttempt>> IDestinationGrain.AttemptsAsync() => Task.FromResult<IReadOnlyList<DeliveryAttempt>>([.. _attempts]);

    Task IDestinationGrain.PokeAsync()
    {
        if (state.State.Settings is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    private void Start()
    {
        if (state.State.Settings is not null)
        {
            _timer ??= this.RegisterGrainTimer(PassAsync, new GrainTimerCreationOptions(Options.PollInterval, Options.PollInterval) { KeepAlive = true });
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        if (state.State.Settings is not { Enabled: true } settings || state.State.FailingSince is not null
            || Stopwatch.GetTimestamp() < _nextLook)
        {
            return;
        }

        var busy = false;
        try
        {
            var started = Stopwatch.GetTimestamp();
            foreach (var segment in await WantedSegmentsAsync(settings))
            {
                busy |= await DeliverAsync(segment, started, cancellationToken);
                if (state.State.FailingSince is not null || cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The feed or the state store briefly away: the next pass starts from the saved positions.
            LogPassFailed(logger, error, Name);
            busy = true;
        }

        _nextLook = Stopwatch.GetTimestamp() + (long)((busy ? Options.PollInterval : Options.IdlePollInterval).TotalSeconds * Stopwatch.Frequency);
    }

    private async Task<IReadOnlyList<string>> WantedSegmentsAsync(DestinationSettings settings) =>
        settings.Segments ?? [.. (await GrainFactory.GetGrain<IDefinitionRegistryGrain>(DefinitionKind.Segments).GetAllAsync()).Definitions.Select(d => d.Name)];

    // Returns whether the segment has work left (changes not yet delivered or a head waiting for its retry).
    private async Task<bool> DeliverAsync(string segment, long passStarted, CancellationToken cancellationToken)
    {
        if (_retries.TryGetValue(segment, out var waiting) && Stopwatch.GetTimestamp() < waiting.NotBefore)
        {
            return true;
        }

        var changes = await GrainFactory.GetGrain<ISegmentQueryGrain>(segment).ChangesAsync(state.State.Positions.GetValueOrDefault(segment), FeedBatch);
        foreach (var change in changes)
        {
            if (!await DeliverOneAsync(segment, change, cancellationToken))
            {
                return true;
            }

            if (Stopwatch.GetElapsedTime(passStarted) >= s_passBudget || cancellationToken.IsCancellationRequested)
            {
                return true;
            }
        }

        return changes.Count > 0;
    }

    private async Task<bool> DeliverOneAsync(string segment, SegmentChange change, CancellationToken cancellationToken)
    {
        var id = SegmentChangePayload.WebhookId(segment, change.Sequence);
        var body = SegmentChangePayload.Body(segment, change.IndividualId, change.Entered, change.At, change.Sequence);
        var now = time.GetUtcNow();
        var outcome = await sender.SendAsync(state.State.Settings!.Url, id, now.ToUnixTimeSeconds(), body, Secrets(now), cancellationToken);
        Record(new DeliveryAttempt(id, now, outcome.StatusCode, (long)outcome.Latency.TotalMilliseconds, outcome.Error));

        if (state.State.Settings is null)
        {
            return false;
        }

        if (outcome.Delivered)
        {
            // Written even while the silo stops (no token): every position lost is a change delivered twice.
            state.State.Positions[segment] = change.Sequence;
            state.State.RetryingSince.Remove(segment);
            await state.WriteStateAsync(CancellationToken.None);
            _retries.Remove(segment);
            metrics.Retrying(Name, _retries.Count);
            metrics.Delivered(Name, time.GetUtcNow() - change.At);
            return true;
        }

        metrics.Failed(Name);
        var failures = (_retries.TryGetValue(segment, out var earlier) && earlier.Position == change.Sequence ? earlier.Failures : 0) + 1;
        if (!state.State.RetryingSince.TryGetValue(segment, out var since))
        {
            state.State.RetryingSince[segment] = since = now;
            await state.WriteStateAsync(CancellationToken.None);
        }

        if (now - since >= Options.GiveUpAfter)
        {
            // Past the give-up time the destination stops until an operator replays; its positions stay, so nothing is lost.
            state.State.FailingSince = now;
            state.State.FailingReason = $"{id} failed for {Options.GiveUpAfter.TotalHours:0.##} h; last: {outcome.Error}";
            await state.WriteStateAsync(CancellationToken.None);
            _retries.Clear();
            metrics.Retrying(Name, 0);
            LogGaveUp(logger, Name, id);
            return false;
        }

        var delay = DeliveryBackoff.Delay(failures, Options.FirstRetryDelay, Options.LongestRetryDelay, Random.Shared.NextDouble());
        _retries[segment] = new HeadRetry(change.Sequence, failures, Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency));
        metrics.Retrying(Name, _retries.Count);
        return false;
    }

    private List<string> Secrets(DateTimeOffset now) =>
        state.State.PreviousSecret is { } previous && state.State.PreviousSecretValidUntil > now
            ? [state.State.Secret, previous]
            : [state.State.Secret];

    private void Record(DeliveryAttempt attempt)
    {
        _attempts.AddFirst(attempt);
        while (_attempts.Count > Math.Max(1, Options.AttemptsKept))
        {
            _attempts.RemoveLast();
        }
    }

    private DestinationView? View()
    {
        var s = state.State;
        if (s.Settings is null)
        {
            return null;
        }

        var overlapping = s.PreviousSecretValidUntil > time.GetUtcNow() ? s.PreviousSecretValidUntil : null;
        return new DestinationView(Name, s.Settings, s.CreatedAt, s.UpdatedAt, overlapping, s.FailingSince, s.FailingReason, new Dictionary<string, long>(s.Positions));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Destination {Destination}: a delivery pass failed; the next pass resumes from the saved positions")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Destination {Destination} is failing: {WebhookId} was not acknowledged within the give-up time; replay to resume")]
    private static partial void LogGaveUp(ILogger logger, string destination, string webhookId);
}
