using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>The sample frontend (<c>samples/Storefront</c>) as its own process on a loopback port, joined to a cluster.</summary>
internal sealed class StorefrontProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private StorefrontProcess(ProcessStartInfo start, Uri baseAddress)
    {
        BaseAddress = baseAddress;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the built sample as its README says (<c>--postgres</c>, <c>--cluster-id</c>, <c>--segment</c>) and waits until it answers.</summary>
    public static async Task<StorefrontProcess> StartAsync(LocalCluster cluster, string segment)
    {
        var assembly = Path.Combine(RepositoryPaths.Root, "samples", "Storefront", "bin", RepositoryPaths.Configuration, "net10.0", "Storefront.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"Build the sample first; not found: {assembly}");
        }

        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet");
        foreach (var arg in new[]
        {
            assembly, "--urls", baseAddress.ToString().TrimEnd('/'),
            "--postgres", cluster.ConnectionString, "--cluster-id", cluster.ClusterId, "--segment", segment,
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var storefront = new StorefrontProcess(start, baseAddress);
        try
        {
            // An unknown product is answered without a page view: readiness without tracking anything.
            using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
            await Poll.UntilAsync(async () =>
            {
                if (storefront._process.HasExited)
                {
                    throw new InvalidOperationException($"The storefront exited: {storefront.Output}");
                }

                using var response = await probe.GetAsync(new Uri("/products/none", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.NotFound ? response : null;
            }, TimeSpan.FromSeconds(60), "the storefront to answer");
        }
        catch
        {
            await storefront.DisposeAsync();
            throw;
        }

        return storefront;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
