using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EngagementGrains.Load.Limit;

/// <summary>
/// The limit the engine is measured against: how many empty grain calls per second one silo on this
/// machine completes, hosted as the engine is (one process, localhost clustering, server GC), with calls
/// spread over as many grains as the engine has individuals.
/// </summary>
public static class GrainCallLimit
{
    public static async Task<double> MeasureAsync(int grains, int concurrency, TimeSpan duration)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort(), FreePort()));
        using var host = builder.Build();
        await host.StartAsync();
        var factory = host.Services.GetRequiredService<IGrainFactory>();

        // Activate every grain first: the figure is for calls, not for first activations.
        foreach (var chunk in Enumerable.Range(0, grains).Chunk(1000))
        {
            await Task.WhenAll(chunk.Select(i => factory.GetGrain<IEmptyGrain>($"g{i}").PingAsync()));
        }

        long calls = 0;
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                // Batches of 100 calls in flight, as a 100-event request makes 100 individual calls.
                await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => factory.GetGrain<IEmptyGrain>($"g{random.Next(grains)}").PingAsync()));
                Interlocked.Add(ref calls, 100);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var rate = calls / clock.Elapsed.TotalSeconds;
        await host.StopAsync();
        return rate;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
