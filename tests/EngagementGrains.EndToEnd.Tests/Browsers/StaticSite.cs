using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests.Browsers;

/// <summary>
/// Serves files on a loopback port of its own, so a page comes from another origin than the engine, as a
/// customer's site does. Each path prefix maps to a folder; nothing outside those folders is served.
/// </summary>
internal sealed class StaticSite : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IReadOnlyList<(string Prefix, string Folder)> _folders;
    private readonly Task _serving;

    public StaticSite(IReadOnlyList<(string Prefix, string Folder)> folders)
    {
        _folders = folders.OrderByDescending(f => f.Prefix.Length).ToArray();
        var port = FreePort.Next();
        Origin = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"{Origin}");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The site's origin, e.g. <c>http://127.0.0.1:21234</c>.</summary>
    public Uri Origin { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (ObjectDisposedException)
        {
            // The listener closed under a pending accept: that is how the loop ends.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }

            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
        var file = Resolve(path);
        if (file is null)
        {
            response.StatusCode = (int)HttpStatusCode.NotFound;
            return;
        }

        response.ContentType = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" or ".mjs" => "text/javascript; charset=utf-8",
            ".json" or ".map" => "application/json",
            _ => "application/octet-stream",
        };
        var bytes = await File.ReadAllBytesAsync(file);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }

    private string? Resolve(string path)
    {
        foreach (var (prefix, folder) in _folders)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(Path.Combine(root, path[prefix.Length..]));
            return full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full) ? full : null;
        }

        return null;
    }
}
