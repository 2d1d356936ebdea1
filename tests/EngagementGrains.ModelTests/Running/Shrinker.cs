using System.Diagnostics;
using EngagementGrains.ModelTests.Operations;

namespace EngagementGrains.ModelTests.Running;

/// <summary>
/// Makes a failing history shorter: cuts it after the failing step, then removes ever smaller runs of
/// operations while it still fails (any failure counts), within a time budget, since every try is a fresh engine.
/// </summary>
public static class Shrinker
{
    public static async Task<(IReadOnlyList<Operation> Operations, StepFailure Failure, int Tries)> ShrinkAsync(
        IReadOnlyList<Operation> operations, StepFailure failure, Func<IReadOnlyList<Operation>, Task<StepFailure?>> run, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var current = operations.Take(failure.Step + 1).ToList();
        var tries = 0;
        for (var chunk = Math.Max(1, current.Count / 2); chunk >= 1 && clock.Elapsed < budget; chunk /= 2)
        {
            for (var start = 0; start < current.Count && clock.Elapsed < budget;)
            {
                var candidate = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                tries++;
                if (candidate.Count > 0 && await run(candidate) is { } smaller)
                {
                    current = candidate.Take(smaller.Step + 1).ToList();
                    failure = smaller;
                }
                else
                {
                    start += chunk;
                }
            }

            if (chunk == 1)
            {
                break;
            }
        }

        return (current, failure, tries);
    }
}
