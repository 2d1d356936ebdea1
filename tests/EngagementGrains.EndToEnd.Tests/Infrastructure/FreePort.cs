using System.Net;
using System.Net.Sockets;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A free loopback port for a process the test starts. Taken below the kernel's ephemeral range: a port the
/// kernel hands out (port 0) can be taken by any outgoing connection before the process binds it, which
/// the many connections of a cluster test did. Each test process walks the range from a random start.
/// </summary>
internal static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;
    private static int s_next = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (Interlocked.Increment(ref s_next) % Count);
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

        throw new InvalidOperationException($"No free loopback port from {First} to {First + Count - 1}.");
    }
}
