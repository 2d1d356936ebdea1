namespace EngagementGrains.ModelTests.Running;

/// <summary>What one run did, printed with its result so a reader sees the faults were real.</summary>
public sealed class RunFigures
{
    public int Steps { get; set; }

    public int Kills { get; set; }

    public int KillsDuringRequests { get; set; }

    public int Merges { get; set; }

    public int Erasures { get; set; }

    public int Splits { get; set; }

    public int Lifts { get; set; }

    public int Suppressed { get; set; }

    public int EventsAcknowledged { get; set; }

    public int Duplicates { get; set; }

    public int RefusedRequests { get; set; }

    public int DefinitionChanges { get; set; }

    public int ClockMoves { get; set; }

    public int FeedChecks { get; set; }

    public int Skipped { get; set; }

    public void Add(RunFigures other)
    {
        Steps += other.Steps;
        Kills += other.Kills;
        KillsDuringRequests += other.KillsDuringRequests;
        Merges += other.Merges;
        Erasures += other.Erasures;
        Splits += other.Splits;
        Lifts += other.Lifts;
        Suppressed += other.Suppressed;
        EventsAcknowledged += other.EventsAcknowledged;
        Duplicates += other.Duplicates;
        RefusedRequests += other.RefusedRequests;
        DefinitionChanges += other.DefinitionChanges;
        ClockMoves += other.ClockMoves;
        FeedChecks += other.FeedChecks;
        Skipped += other.Skipped;
    }

    public override string ToString() =>
        $"{Steps} steps, {Kills} kills ({KillsDuringRequests} during a request), {Merges} merges, {Splits} splits, {Erasures} erasures, " +
        $"{Suppressed} events suppressed, {Lifts} contact points lifted, " +
        $"{EventsAcknowledged} events acknowledged, {Duplicates} duplicates, {RefusedRequests} requests refused, " +
        $"{DefinitionChanges} definition changes, {ClockMoves} clock moves, {FeedChecks} feed checks, {Skipped} operations skipped";
}
