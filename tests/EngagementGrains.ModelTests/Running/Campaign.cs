using System.Collections.Concurrent;
using System.Diagnostics;
using EngagementGrains.ModelTests.Generation;
using EngagementGrains.ModelTests.Operations;

namespace EngagementGrains.ModelTests.Running;

/// <summary>
/// Runs many seeds against fresh engines, shrinks every failure to its shortest failing history, saves it,
/// and reports the figures of the whole run (also to <c>model-summary.txt</c>, which the test command prints).
/// </summary>
public sealed class Campaign(string engineName, Func<ModelClock, Task<IModelEngine>> startEngine, ModelSettings settings, int parallelism)
{
    public async Task<(RunFigures Figures, IReadOnlyList<string> Failures, TimeSpan Elapsed)> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var figures = new RunFigures();
        var failures = new ConcurrentBag<(int Seed, string Report)>();
        var seeds = Enumerable.Range(settings.FirstSeed, settings.Seeds);
        await Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (seed, _) =>
        {
            var operations = new HistoryGenerator(seed, settings.CrashRate).Generate(settings.Steps);
            var run = new ModelRun(startEngine);
            var failure = await run.RunAsync(operations, seed);
            lock (figures)
            {
                figures.Add(run.Figures);
            }

            if (failure is not null)
            {
                failures.Add((seed, await ReportAsync(seed, operations, failure)));
            }
        });

        var report = failures.OrderBy(f => f.Seed).Select(f => f.Report).ToArray();
        WriteSummary(figures, report.Length, clock.Elapsed);
        return (figures, report, clock.Elapsed);
    }

    /// <summary>Runs one saved history (no shrinking).</summary>
    public static async Task<StepFailure?> ReplayAsync(Func<ModelClock, Task<IModelEngine>> startEngine, SavedHistory history) =>
        await new ModelRun(startEngine).RunAsync(history.Operations, history.Seed);

    private async Task<string> ReportAsync(int seed, IReadOnlyList<Operation> operations, StepFailure failure)
    {
        var (shortest, shortestFailure, tries) = await Shrinker.ShrinkAsync(
            operations, failure, candidate => new ModelRun(startEngine).RunAsync(candidate, seed), settings.ShrinkBudget);
        var file = OperationFile.Save(seed, engineName, shortest);
        return $"""
            {engineName} seed {seed} failed at step {failure.Step} of {operations.Count}: {failure.Message}
            Shortest failing history found ({shortest.Count} operations, {tries} tries): it fails at its step {shortestFailure.Step}: {shortestFailure.Message}
            {string.Join(Environment.NewLine, shortest.Select((o, i) => $"  {i}: {ModelRun.Describe(o)}"))}
            Replay the seed:    MODEL_SEED={seed} MODEL_SEEDS=1 MODEL_STEPS={settings.Steps} dotnet test --project tests/EngagementGrains.ModelTests -c Release
            Replay the history: MODEL_REPLAY={file} dotnet test --project tests/EngagementGrains.ModelTests -c Release -- --filter-class '*ReplayTests'
            """;
    }

    private void WriteSummary(RunFigures figures, int failed, TimeSpan elapsed)
    {
        var line = $"Model test, {engineName}: {settings.Seeds} seeds (from {settings.FirstSeed}) x {settings.Steps} steps, {failed} failed, in {elapsed.TotalSeconds:0} s: {figures}";
        File.AppendAllLines(Path.Combine(AppContext.BaseDirectory, "model-summary.txt"), [line]);
        TestContext.Current.SendDiagnosticMessage(line);
    }
}
