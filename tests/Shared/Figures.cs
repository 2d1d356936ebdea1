namespace EngagementGrains.Tests.Reporting;

/// <summary>
/// A figure a test measured (a stall, a failover time, a backfill rate): sent as a diagnostic message, and added to
/// the file named by <c>ENGAGEMENTGRAINS_TEST_FIGURES</c>, which the test command prints with its totals.
/// </summary>
internal static class Figures
{
    private static readonly Lock s_lock = new();

    public static void Report(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        if (Environment.GetEnvironmentVariable("ENGAGEMENTGRAINS_TEST_FIGURES") is { Length: > 0 } file)
        {
            lock (s_lock)
            {
                File.AppendAllText(file, line + Environment.NewLine);
            }
        }
    }
}
