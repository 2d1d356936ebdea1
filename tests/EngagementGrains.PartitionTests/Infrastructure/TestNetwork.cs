using System.Diagnostics;
using System.Globalization;

namespace EngagementGrains.PartitionTests.Infrastructure;

/// <summary>
/// A small network built on this machine for one test class: each host is a network namespace of its own,
/// joined to a bridge in one more namespace by a veth pair (iproute2 only). Nothing here is routed anywhere
/// else: the root namespace is not on it, and the tests reach processes through Unix sockets. A link between
/// two hosts is cut by giving each, for the other's address, a permanent neighbour entry with a hardware
/// address nobody has: frames leave and reach no one, so the sender sees no error and no answer, as with a
/// failed switch or a firewall that drops (this kernel has no packet filter or traffic-control actions to
/// drop with). Healing deletes the entries; address resolution finds the real host again, and connections
/// that were open resume.
/// </summary>
internal sealed class TestNetwork : IAsyncDisposable
{
    private const string Subnet = "10.231.0";

    // A locally administered hardware address given to no interface.
    private const string Nowhere = "02:00:00:00:00:01";

    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly List<NetworkHost> _hosts = [];
    private readonly HashSet<(string, string)> _cuts = [];

    private TestNetwork()
    {
    }

    private string Hub => $"egp{_id}-hub";

    /// <summary>Network namespaces need root (CI runs the test command as root) and iproute2.</summary>
    public static string? Unavailable =>
        Environment.UserName != "root" ? "network namespaces need root (the test command runs as root in CI)"
        : FindIp() is null ? "iproute2's ip was not found"
        : null;

    public static async Task<TestNetwork> CreateAsync()
    {
        var network = new TestNetwork();
        await IpAsync("netns", "add", network.Hub);
        await IpAsync("-n", network.Hub, "link", "add", "br0", "type", "bridge");
        await IpAsync("-n", network.Hub, "link", "set", "br0", "up");
        return network;
    }

    /// <summary>Adds a host: a namespace with loopback up and one address on the bridge.</summary>
    public async Task<NetworkHost> AddHostAsync(string name)
    {
        var index = _hosts.Count + 1;
        var inside = $"eg{_id}{index}i";
        var outside = $"eg{_id}{index}o";
        var host = new NetworkHost(name, $"egp{_id}-{name}", inside, $"{Subnet}.{index.ToString(CultureInfo.InvariantCulture)}");
        await IpAsync("netns", "add", host.Namespace);
        _hosts.Add(host);
        await IpAsync("-n", host.Namespace, "link", "add", inside, "type", "veth", "peer", "name", outside, "netns", Hub);
        await IpAsync("-n", Hub, "link", "set", outside, "master", "br0", "up");
        await IpAsync("-n", host.Namespace, "addr", "add", $"{host.Address}/24", "dev", inside);
        await IpAsync("-n", host.Namespace, "link", "set", inside, "up");
        await IpAsync("-n", host.Namespace, "link", "set", "lo", "up");
        return host;
    }

    /// <summary>Drops every packet between the two hosts, in both directions.</summary>
    public async Task CutAsync(NetworkHost a, NetworkHost b)
    {
        if (_cuts.Add(Key(a, b)))
        {
            await IpAsync("-n", a.Namespace, "neigh", "replace", b.Address, "lladdr", Nowhere, "dev", a.Interface, "nud", "permanent");
            await IpAsync("-n", b.Namespace, "neigh", "replace", a.Address, "lladdr", Nowhere, "dev", b.Interface, "nud", "permanent");
        }
    }

    /// <summary>Restores the link between the two hosts.</summary>
    public async Task HealAsync(NetworkHost a, NetworkHost b)
    {
        if (_cuts.Remove(Key(a, b)))
        {
            await IpAsync("-n", a.Namespace, "neigh", "del", b.Address, "dev", a.Interface);
            await IpAsync("-n", b.Namespace, "neigh", "del", a.Address, "dev", b.Interface);
        }
    }

    /// <summary>Restores every link cut so far.</summary>
    public async Task HealAllAsync()
    {
        foreach (var (a, b) in _cuts.ToArray())
        {
            await HealAsync(_hosts.Single(h => h.Name == a), _hosts.Single(h => h.Name == b));
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes its end of every veth pair, and so the pair.
        foreach (var name in _hosts.Select(h => h.Namespace).Append(Hub))
        {
            try
            {
                await IpAsync("netns", "del", name);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static (string, string) Key(NetworkHost a, NetworkHost b) =>
        string.CompareOrdinal(a.Name, b.Name) < 0 ? (a.Name, b.Name) : (b.Name, a.Name);

    private static string? FindIp() =>
        new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists);


    private static async Task IpAsync(params string[] args)
    {
        var start = new ProcessStartInfo(FindIp()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }
    }
}
