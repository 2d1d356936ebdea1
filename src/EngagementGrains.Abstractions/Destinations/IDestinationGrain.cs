namespace EngagementGrains.Abstractions.Destinations;

/// <summary>
/// One webhook destination (key: its name): its settings and signing secrets, a durable position in each
/// segment's change feed, and the delivery loop that sends every change after it, in order, until acknowledged.
/// </summary>
public interface IDestinationGrain : IGrainWithStringKey
{
    /// <summary>Creates the destination with <paramref name="newSecret"/>, or changes its settings (keeping its secret).</summary>
    Task<DestinationPut> PutAsync(DestinationSettings settings, string newSecret);

    /// <summary>The destination, or null when there is none.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<DestinationView?> GetAsync();

    /// <summary>Removes the destination and stops its deliveries; false when there was none.</summary>
    Task<bool> DeleteAsync();

    /// <summary>Signs with <paramref name="newSecret"/> from now on, and also with the current one until <paramref name="previousValidUntil"/>; null when there is no destination.</summary>
    Task<DestinationView?> RotateSecretAsync(string newSecret, DateTimeOffset previousValidUntil);

    /// <summary>
    /// Clears <c>failing</c> and delivers again: from <paramref name="after"/> in <paramref name="segment"/> when
    /// given, else from the saved positions; null when there is no destination.
    /// </summary>
    Task<DestinationView?> ReplayAsync(string? segment, long? after);

    /// <summary>The most recent delivery attempts, newest first.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync();

    /// <summary>Makes sure the delivery loop runs (every silo calls this every few seconds).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task PokeAsync();
}
