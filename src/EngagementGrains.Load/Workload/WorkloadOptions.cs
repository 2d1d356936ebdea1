namespace EngagementGrains.Load.Workload;

/// <summary>What to generate: how many individuals and events, and how messy the stream is.</summary>
public sealed record class WorkloadOptions
{
    public int Individuals { get; init; } = 10_000;
    public long Events { get; init; } = 100_000;
    public int BatchSize { get; init; } = 100;
    public int Seed { get; init; } = 1;

    /// <summary>Share of events that repeat an eventId already sent (they must come back as duplicates).</summary>
    public double Duplicates { get; init; } = 0.01;

    /// <summary>Share of events older than the individual's previous one.</summary>
    public double Late { get; init; } = 0.05;

    /// <summary>Address individuals by email instead of individualId.</summary>
    public bool Identities { get; init; }

    /// <summary>How far back history reaches.</summary>
    public TimeSpan History { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Prefix of eventIds and individual ids, so runs against one data directory do not collide.</summary>
    public string RunId { get; init; } = "ld";
}
