using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real Host as a separate process on loopback ports, with its own data directory: what a user runs,
/// so a kill -9 in a test is a real crash.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(string dataDirectory, int httpPort, string? adminKey, IReadOnlyList<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        DataDirectory = dataDirectory;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            RepositoryPaths.HostAssembly,
            "--urls", BaseAddress.ToString().TrimEnd('/'),
            "--data-dir", dataDirectory,
        }.Concat(arguments is { } given && given.Contains("--silo-port") ? [] : new[]
        {
            "--silo-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Concat(arguments ?? []))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.Environment["ENGAGEMENTGRAINS_ADMIN_KEY"] = adminKey ?? "";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "eg-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>Starts the Host and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<HostProcess> StartAsync(
        string? dataDirectory = null, string? adminKey = AdminKey, int? httpPort = null,
        IReadOnlyList<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = new HostProcess(dataDirectory ?? NewDataDirectory(), httpPort ?? FreePort.Next(), adminKey, arguments, environment);
        using var probe = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Poll.UntilAsync(async () =>
            {
                if (host.HasExited)
                {
                    throw new InvalidOperationException($"The Host exited with {host.ExitCode}:{Environment.NewLine}{host.Output}");
                }

                using var response = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                return response.IsSuccessStatusCode ? "ready" : null;
            }, TimeSpan.FromSeconds(90), "the Host to be ready");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>A client with the given key (the admin key by default).</summary>
    public HttpClient Client(string? key = AdminKey)
    {
        // Redirects are asserted, not followed: a followed redirect would also drop the key.
#pragma warning disable CA2000 // the client owns and disposes the handler
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
#pragma warning restore CA2000
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an operator or orchestrator stops the service; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    public static void DeleteDataDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }
}
