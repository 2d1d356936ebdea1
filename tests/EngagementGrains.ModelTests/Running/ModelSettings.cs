using System.Globalization;

namespace EngagementGrains.ModelTests.Running;

/// <summary>
/// How much the model test runs, from the environment: <c>MODEL_SEED</c> (first seed), <c>MODEL_SEEDS</c>,
/// <c>MODEL_STEPS</c>, <c>MODEL_CRASH_RATE</c>, <c>MODEL_SHRINK_SECONDS</c>, <c>MODEL_LONG=1</c> (thousands of steps).
/// </summary>
public sealed record ModelSettings(int FirstSeed, int Seeds, int Steps, double CrashRate, TimeSpan ShrinkBudget)
{
    public static ModelSettings Embedded => From(seeds: 7, steps: 200, longSeeds: 50, longSteps: 400, crashRate: 0.012);

    // A silo is killed more often here: a short run must still lose a silo several times.
    public static ModelSettings Cluster => From(seeds: 1, steps: 100, longSeeds: 12, longSteps: 300, crashRate: 0.04, prefix: "MODEL_CLUSTER_");

    private static ModelSettings From(int seeds, int steps, int longSeeds, int longSteps, double crashRate, string prefix = "MODEL_")
    {
        var isLong = Environment.GetEnvironmentVariable("MODEL_LONG") == "1";
        return new ModelSettings(
            Number(prefix + "SEED", Number("MODEL_SEED", 1)),
            Number(prefix + "SEEDS", isLong ? longSeeds : seeds),
            Number(prefix + "STEPS", isLong ? longSteps : steps),
            Environment.GetEnvironmentVariable("MODEL_CRASH_RATE") is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : crashRate,
            TimeSpan.FromSeconds(Number("MODEL_SHRINK_SECONDS", 120)));
    }

    private static int Number(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
