using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.PartitionTests.Infrastructure;

/// <summary>
/// The real Host as a process inside a host's network namespace (<c>ip netns exec</c>, which execs, so the
/// process id is the Host's and a kill is a real crash). Its HTTP API listens on a Unix socket: the tests
/// reach it through the file system, never through a network of their own.
/// </summary>
internal sealed class NamespacedHost : IAsyncDisposable
{
    public const string AdminKey = "partition-admin-key-0123456789";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NamespacedHost(ProcessStartInfo start, string socket)
    {
        Socket = socket;
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

    /// <summary>The Unix socket of the HTTP API (health only, for a silo).</summary>
    public string Socket { get; }

    public bool HasExited => _process.HasExited;

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the Host in <paramref name="host"/>'s namespace and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<NamespacedHost> StartAsync(NetworkHost host, string socket, string dataDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        File.Delete(socket);
        var start = new ProcessStartInfo("ip");
        foreach (var arg in new[] { "netns", "exec", host.Namespace, "dotnet", RepositoryPaths.HostAssembly, "--urls", $"http://unix:{socket}", "--data-dir", dataDirectory }.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ENGAGEMENTGRAINS_ADMIN_KEY"] = AdminKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new NamespacedHost(start, socket);
        using var probe = process.Client(key: null);
        probe.Timeout = TimeSpan.FromSeconds(5);
        try
        {
            await Poll.UntilAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The Host in {host.Name} exited:{Environment.NewLine}{process.Output}");
                }

                try
                {
                    using var response = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                    return response.IsSuccessStatusCode ? "ready" : null;
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    return null;
                }
            }, TimeSpan.FromSeconds(90), $"the Host in {host.Name} to be ready");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return process;
    }

    /// <summary>A client of the HTTP API over the Unix socket, with the given key (the admin key by default).</summary>
    public HttpClient Client(string? key = AdminKey)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
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
