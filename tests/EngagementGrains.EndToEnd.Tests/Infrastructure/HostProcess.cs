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
    private readonly bool _keepEveryLine;
    private readonly bool _ownsDataDirectory;

    private HostProcess(ProcessStartInfo start, string dataDirectory, bool ownsDataDirectory, Uri baseAddress, bool keepEveryLine)
    {
        _keepEveryLine = keepEveryLine;
        _ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
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

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The console's lines so far, in order (the last 400, or all when started to keep every line).</summary>
    public IReadOnlyList<string> Lines => [.. _output];

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "eg-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>Starts the Host and waits until <c>/readyz</c> answers 200; without <paramref name="dataDirectory"/> it gets a new one, deleted when it is disposed.</summary>
    /// <param name="keepEveryLine">Keep the whole console in <see cref="Lines"/>, not only its last 400 lines (a scan of every line).</param>
    public static Task<HostProcess> StartAsync(
        string? dataDirectory = null, string? adminKey = AdminKey, int? httpPort = null,
        IReadOnlyList<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null,
        bool keepEveryLine = false)
    {
        var owned = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        var baseAddress = new Uri($"http://127.0.0.1:{httpPort ?? FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet");
        foreach (var arg in new[]
        {
            RepositoryPaths.HostAssembly,
            "--urls", baseAddress.ToString().TrimEnd('/'),
            "--data-dir", dataDirectory,
        }.Concat(arguments is { } given && given.Contains("--silo-port") ? [] : OrleansPorts()).Concat(arguments ?? []))
        {
            start.ArgumentList.Add(arg);
        }

        // Warnings only, unless the test's environment asks for more.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.Environment["ENGAGEMENTGRAINS_ADMIN_KEY"] = adminKey ?? "";
        return LaunchAsync(start, dataDirectory, owned, baseAddress, keepEveryLine);
    }

    /// <summary>
    /// Starts the built Host as a person does in a fresh directory: no <c>--data-dir</c>, no admin key unless
    /// the environment gives one, the console at its defaults; with free ports. Waits until ready.
    /// </summary>
    /// <param name="workingDirectory">Where the person is; the data directory defaults to <c>./data</c> there.</param>
    /// <param name="fromSource">True for <c>dotnet run --project src/EngagementGrains.Host</c>, false for the built binary.</param>
    /// <param name="environment">Variables the person set (such as <c>ENGAGEMENTGRAINS_ADMIN_KEY</c>).</param>
    public static Task<HostProcess> StartAsUserAsync(string workingDirectory, bool fromSource, IReadOnlyDictionary<string, string>? environment = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var hostArguments = new[] { "--urls", baseAddress.ToString().TrimEnd('/') }.Concat(OrleansPorts());
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        IEnumerable<string> arguments = fromSource
            // Built already by the test run: --no-build, in the configuration of this test build.
            ? ["run", "--project", RepositoryPaths.HostProject, "--no-build", "-c", RepositoryPaths.Configuration, "--", .. hostArguments]
            : [RepositoryPaths.HostAssembly, .. hostArguments];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        // The person's shell, not the test runner's: no log level or admin key inherited, no SDK banners.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ENGAGEMENTGRAINS_ADMIN_KEY"] = "";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return LaunchAsync(start, Path.Combine(workingDirectory, "data"), ownsDataDirectory: false, baseAddress, keepEveryLine: false);
    }

    private static string[] OrleansPorts() =>
    [
        "--silo-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    private static async Task<HostProcess> LaunchAsync(ProcessStartInfo start, string dataDirectory, bool ownsDataDirectory, Uri baseAddress, bool keepEveryLine)
    {
        var host = new HostProcess(start, dataDirectory, ownsDataDirectory, baseAddress, keepEveryLine);
        using var probe = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Poll.UntilAsync(async () =>
            {
                if (host.HasExited)
                {
                    throw new InvalidOperationException($"The Host exited with {host.ExitCode}:{Environment.NewLine}{host.Output}");
                }

                try
                {
                    using var response = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                    return response.IsSuccessStatusCode ? "ready" : null;
                }
                catch (TaskCanceledException)
                {
                    // A probe not answered within 5 s on a starved machine is "not ready yet", not a failure
                    // (CI on 2 cores, 2026-12-02: a silo starting beside a loaded cluster test).
                    return null;
                }
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

        // A directory this process made for itself goes with it; one a test passed in is the test's to keep or reuse.
        if (_ownsDataDirectory)
        {
            DeleteDataDirectory(DataDirectory);
        }
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
        while (!_keepEveryLine && _output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }
}
