using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Proxima.Tests.Tracking;

/// <summary>
/// A stand-in MLflow tracking server on 127.0.0.1 (a free port): records every request and answers through a
/// handler the test supplies. Only loopback traffic, bounded by the test.
/// </summary>
internal sealed class FakeMlflowServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<Request, (int Status, string Body)> _handler;
    private readonly Task _loop;

    public FakeMlflowServer(Func<Request, (int Status, string Body)> handler)
    {
        _handler = handler;
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Uri = new Uri($"http://127.0.0.1:{port}");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _loop = Task.Run(Loop);
    }

    public Uri Uri { get; private set; } = null!;

    public List<Request> Requests { get; } = [];

    public sealed record Request(string Method, string Path, string Query, string? ContentType, byte[] Body)
    {
        public JsonObject Json => JsonNode.Parse(Encoding.UTF8.GetString(Body))!.AsObject();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var ms = new MemoryStream();
            await ctx.Request.InputStream.CopyToAsync(ms);
            var request = new Request(
                ctx.Request.HttpMethod,
                ctx.Request.Url!.AbsolutePath,
                ctx.Request.Url.Query,
                ctx.Request.ContentType,
                ms.ToArray());
            (int status, string body) response;
            lock (Requests)
            {
                Requests.Add(request);
            }

            try
            {
                response = _handler(request);
            }
            catch (Exception e)
            {
                response = (500, $"{{\"error_code\":\"TEST_HANDLER\",\"message\":{JsonValue.Create(e.Message).ToJsonString()}}}");
            }

            byte[] bytes = Encoding.UTF8.GetBytes(response.body);
            ctx.Response.StatusCode = response.status;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
