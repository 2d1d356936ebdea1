using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A free loopback port for a process the test starts. Taken below the kernel's ephemeral range: a port the
/// kernel hands out (port 0) can be taken by any outgoing connection before the process binds it, which
/// the many connections of a cluster test did. Each test assembly walks a band of its own: a host killed
/// and restarted keeps its port, and while it is down another test process walking the same band once
/// found that port free and started its own host there (CI, 2026-12-02: the model test's host answered
/// the end-to-end tests' requests, and the other way round).
/// </summary>
internal static class FreePort
{
    private const int BandSize = 4000;
    private static readonly int s_first = 20000 + (BandSize * BandOf(Assembly.GetExecutingAssembly().GetName().Name));
    private static int s_next = Random.Shared.Next(BandSize);

    public static int Next()
    {
        for (var attempt = 0; attempt < BandSize; attempt++)
        {
            var port = s_first + (Interlocked.Increment(ref s_next) % BandSize);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: the next one.
            }
        }

        throw new InvalidOperationException($"No free loopback port from {s_first} to {s_first + BandSize - 1}.");
    }

    // The test assemblies that run side by side in the test command, one band each: 20000-23999,
    // 24000-27999, 28000-31999.
    private static int BandOf(string? assembly) => assembly switch
    {
        "EngagementGrains.EndToEnd.Tests" => 0,
        "EngagementGrains.ModelTests" => 1,
        _ => 2,
    };
}
