using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace EngagementGrains.Tests.Postgres;

/// <summary>
/// A private PostgreSQL server for the tests: started from the installed binaries by
/// <c>deploy/postgres/private.sh</c> in a temporary directory on a free port, stopped and deleted after.
/// Each caller gets its own database with the schema applied by <c>deploy/sql/apply.sh</c>.
/// </summary>
public sealed partial class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory;

    private PrivatePostgres(string root, int port, string directory, string? listenAddress = null)
    {
        Root = root;
        Port = port;
        _directory = directory;
        ListenAddress = listenAddress ?? "127.0.0.1";

        // A server in a network namespace is reached from the tests through its Unix socket, outside any network.
        ClientHost = listenAddress is null ? ListenAddress : directory;
    }

    public string Root { get; }

    public int Port { get; }

    /// <summary>The data directory of the server (for stopping and restarting it).</summary>
    public string Directory => _directory;

    /// <summary>The address the server listens on, for the processes that use it.</summary>
    public string ListenAddress { get; }

    /// <summary>The host the tests themselves connect to: the listen address, or the socket directory.</summary>
    public string ClientHost { get; }

    [GeneratedRegex(@"PGPORT=(\d+).*EG_PG_DIR=(\S+)")]
    private static partial Regex Exports();

    /// <summary>Starts a server with the scripts of the repository this test assembly was built from.</summary>
    public static Task<PrivatePostgres> StartAsync() => StartAsync(FindRepositoryRoot());

    public static Task<PrivatePostgres> StartAsync(string repositoryRoot) => StartAsync(repositoryRoot, null, null);

    /// <summary>Starts a server inside a network namespace, listening on <paramref name="address"/> there.</summary>
    public static Task<PrivatePostgres> StartInNamespaceAsync(string repositoryRoot, string networkNamespace, string address) =>
        StartAsync(repositoryRoot, networkNamespace, address);

    private static async Task<PrivatePostgres> StartAsync(string repositoryRoot, string? networkNamespace, string? address)
    {
        Dictionary<string, string> environment = networkNamespace is null ? [] : new() { ["PG_NETNS"] = networkNamespace, ["PG_LISTEN"] = address! };
        var output = await RunAsync(repositoryRoot, environment, "bash", "deploy/postgres/private.sh", "start");
        var match = Exports().Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException($"deploy/postgres/private.sh printed no server: {output}");
        }

        return new PrivatePostgres(repositoryRoot, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, address);
    }

    /// <summary>The Npgsql connection string of a database on this server, as the tests reach it.</summary>
    public string ConnectionString(string database) => ConnectionString(database, ClientHost);

    /// <summary>The connection string of a database through <paramref name="host"/> (the listen address for processes).</summary>
    public string ConnectionString(string database, string host) =>
        $"Host={host};Port={Port};Username=eg;Database={database};Timeout=5;Command Timeout=30";

    /// <summary>Creates a database and, unless told not to, applies the schema to it; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, bool applySchema = true)
    {
        // Unpooled: a pooled connection would not survive the server being stopped and started by a test.
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        if (applySchema)
        {
            await RunAsync(Root, "bash", "deploy/sql/apply.sh", "-h", ClientHost, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "eg", "-d", name);
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown), as an outage.</summary>
    public Task StopServerAsync() => PgCtlAsync("stop", "-m", "fast");

    /// <summary>Starts the stopped server again on the same port.</summary>
    public Task StartServerAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return PgCtlAsync("start", "-l", Path.Combine(_directory, "server.log"), "-o",
            $"-c listen_addresses={ListenAddress} -c port={Port} -c unix_socket_directories={_directory} -c fsync=off");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync(Root, "bash", "deploy/postgres/private.sh", "stop", _directory);
    }

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EngagementGrains.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (EngagementGrains.sln) is not above the test assembly.");
    }

    private async Task PgCtlAsync(params string[] args)
    {
        var bin = System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Order().Last();
        var pgctl = new List<string> { Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-w" };
        pgctl.AddRange(args);
        if (Environment.UserName == "root")
        {
            pgctl.InsertRange(0, ["runuser", "-u", "postgres", "--"]);
        }

        await RunAsync(Root, pgctl[0], [.. pgctl.Skip(1)]);
    }

    private static Task<string> RunAsync(string workingDirectory, string file, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), file, args);

    private static async Task<string> RunAsync(string workingDirectory, Dictionary<string, string> environment, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
