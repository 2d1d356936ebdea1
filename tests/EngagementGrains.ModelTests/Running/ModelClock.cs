using System.Globalization;

namespace EngagementGrains.ModelTests.Running;

/// <summary>The domain clock the engine reads (its clock file): moved by the model, never waited for.</summary>
public sealed class ModelClock(string path)
{
    public string Path { get; } = path;

    public void Set(DateTimeOffset instant)
    {
        // Written beside and renamed over, so a reader never sees half an instant.
        var next = Path + ".next";
        File.WriteAllText(next, instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        File.Move(next, Path, overwrite: true);
    }

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["EngagementGrains__ClockFile"] = path,
        ["EngagementGrains__Wakeups__PollInterval"] = "00:00:00.100",

        // Snapshots every few events, each leaving out any window of more than one entry: activations after a
        // kill load compacted snapshots and recompute those windows from the log, as a busy person's do.
        ["EngagementGrains__Snapshots__EveryEvents"] = "3",
        ["EngagementGrains__Snapshots__MaxWindowEntries"] = "1",
    };
}
