using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace EngagementGrains.Host.Startup;

/// <summary>Runs the application, telling a port that is already taken in a sentence rather than a stack trace.</summary>
public static class RunExtensions
{
    /// <summary>Exit code when an address or port this process needs is taken.</summary>
    public const int AddressInUseExitCode = 3;

    public static int RunEngagement(this WebApplication app)
    {
        try
        {
            app.Run();
            return 0;
        }
        catch (Exception error) when (AddressInUse(error) is { } inUse)
        {
            Console.Error.WriteLine(
                $"{inUse.Message.TrimEnd('.')}. Another EngagementGrains may be running here: stop it, or give this one other ports (--urls, --silo-port, --gateway-port).");
            return AddressInUseExitCode;
        }
    }

    private static Exception? AddressInUse(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is IOException { InnerException: AddressInUseException }
                || error is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return error;
            }
        }

        return null;
    }
}
