using System.Diagnostics;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// The benchmark's quick mode, end to end (engine, change feed, limit, batch SQL in a private PostgreSQL):
/// it must complete with no failed request, no lost or double-counted event, and the same segment sizes as
/// batch SQL. It asserts correctness, never a speed.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task The_quick_benchmark_completes_with_no_errors_and_no_lost_events()
    {
        var output = Path.Combine(Path.GetTempPath(), $"eg-bench-{Guid.NewGuid():N}.json");
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var start = new ProcessStartInfo("bash", ["deploy/benchmark.sh", "--quick"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BENCH_JSON"] = output;
        start.Environment["BENCH_NO_BUILD"] = "1";
        start.Environment["BENCH_CONFIGURATION"] = testOutput.Parent!.Name;
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
            await process.WaitForExitAsync(timeout.Token);
            var log = await stdout + await stderr;
            Assert.True(process.ExitCode == 0, log);
            TestContext.Current.SendDiagnosticMessage(log);

            var figures = JsonNode.Parse(await File.ReadAllTextAsync(output))!;
            Assert.Equal(0, (int)figures["failedEvents"]!);
            Assert.Equal(0, (int)figures["lostEvents"]!);
            Assert.Equal(0, (int)figures["duplicatesMismatch"]!);
            Assert.Equal(20, (int)figures["segmentSizesEqual"]!);
            var probe = figures["probe"]!;
            Assert.Equal((int)probe["probes"]!, (int)probe["entered"]!);
            Assert.Equal((int)probe["probes"]!, (int)probe["exited"]!);
            Assert.True((double)figures["limitCallsPerSecond"]! > 0);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
