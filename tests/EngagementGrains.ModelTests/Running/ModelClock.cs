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
    };
}
