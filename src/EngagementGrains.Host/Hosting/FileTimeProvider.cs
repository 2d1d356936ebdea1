using System.Globalization;

namespace EngagementGrains.Host.Hosting;

/// <summary>
/// A clock that reads its instant from a file (an ISO-8601 instant), for tests that move the domain's time
/// across several processes and through restarts: every process started with the same file sees the same
/// instant, and a process killed and started again resumes at it.
/// </summary>
public sealed class FileTimeProvider(string path) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTime _readAt = DateTime.MinValue;
    private long _length = -1;
    private DateTimeOffset _instant = DateTimeOffset.UnixEpoch;

    public override DateTimeOffset GetUtcNow()
    {
        var file = new FileInfo(path);
        lock (_gate)
        {
            if (file.Exists && (file.LastWriteTimeUtc != _readAt || file.Length != _length))
            {
                var text = File.ReadAllText(path).Trim();
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                {
                    _instant = instant.ToUniversalTime();
                    (_readAt, _length) = (file.LastWriteTimeUtc, file.Length);
                }
            }

            return _instant;
        }
    }
}
