namespace EngagementGrains.Load.Sending;

/// <summary>Where and how fast to send.</summary>
public sealed record class LoadOptions
{
    public required Uri Url { get; init; }
    public required string Key { get; init; }
    public int Concurrency { get; init; } = 8;

    /// <summary>Events per second to aim at; 0 sends as fast as the server acknowledges.</summary>
    public double Rate { get; init; }

    /// <summary>Stop after this long even if events remain (0: no limit).</summary>
    public TimeSpan Duration { get; init; }

    public int MaxRetries { get; init; } = 5;
    public bool Quiet { get; init; }
}
