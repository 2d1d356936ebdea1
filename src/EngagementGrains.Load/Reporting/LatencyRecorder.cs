namespace EngagementGrains.Load.Reporting;

/// <summary>Keeps every request latency; percentiles from the sorted set (a run has at most a few hundred thousand).</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();

    public void Record(TimeSpan elapsed)
    {
        lock (_lock)
        {
            _milliseconds.Add(elapsed.TotalMilliseconds);
        }
    }

    public (double P50, double P95, double P99, double Max) Percentiles()
    {
        lock (_lock)
        {
            if (_milliseconds.Count == 0)
            {
                return (0, 0, 0, 0);
            }

            var sorted = _milliseconds.Order().ToArray();
            double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return (At(0.50), At(0.95), At(0.99), sorted[^1]);
        }
    }
}
