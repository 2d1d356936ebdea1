using System.Diagnostics;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a script of one of the Node.js client folders beside the tests (tests/segment-client and the like).</summary>
internal static class NodeScript
{
    /// <summary>Runs <c>node script args…</c> in tests/<paramref name="folder"/> and returns its standard output; fails the test on a non-zero exit.</summary>
    /// <param name="folder">The client folder, e.g. <c>rudderstack-client</c>.</param>
    /// <param name="package">A package the folder installs, checked first so a missing install says how to fix it.</param>
    public static async Task<string> RunAsync(string folder, string package, string script, params string[] args)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "tests", folder);
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", package)),
            $"{package} is not installed: run the test command (bash tests/run.sh), which runs npm ci in tests/{folder}.");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} in tests/{folder} ran past 60 s: {await stderr}");
        }

        Assert.True(process.ExitCode == 0, $"node {script} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
