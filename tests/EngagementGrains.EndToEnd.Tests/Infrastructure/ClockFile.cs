using System.Globalization;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>A clock file the Host reads its time from (<c>EngagementGrains__ClockFile</c>), moved forward by a test.</summary>
internal sealed class ClockFile : IDisposable
{
    public ClockFile(DateTimeOffset start) => Set(Now = start);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "eg-clock-" + Guid.NewGuid().ToString("N"));

    public DateTimeOffset Now { get; private set; }

    /// <summary>The variable that points a process at this clock.</summary>
    public Dictionary<string, string> Environment => new() { ["EngagementGrains__ClockFile"] = Path };

    public void Advance(TimeSpan by) => Set(Now += by);

    public void Dispose() => File.Delete(Path);

    // Written beside and renamed over, so a reader never sees half an instant.
    private void Set(DateTimeOffset instant)
    {
        File.WriteAllText(Path + ".next", instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        File.Move(Path + ".next", Path, overwrite: true);
    }
}
