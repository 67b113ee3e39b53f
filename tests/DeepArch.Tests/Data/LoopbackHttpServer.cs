using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeepArch.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 with a free port, one connection at a time, for testing downloads offline.
/// Each path answers with a canned <see cref="Response"/>, which can lie about its length or stop mid-body.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, Response> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    /// <summary>What a path answers: status, body bytes sent, Content-Length announced (null: none, close to end).</summary>
    public sealed record Response(int Status, byte[] Body, long? AnnouncedLength)
    {
        public static Response Ok(byte[] body) => new(200, body, body.Length);
    }

    public LoopbackHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Requests => Volatile.Read(ref _requests);

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}");

    public Uri Serve(string path, Response response)
    {
        lock (_routes)
            _routes[path] = response;
        return Url(path);
    }

    /// <summary>A URL on a loopback port where nothing listens: connecting fails at once, like an offline machine.</summary>
    public static Uri Unreachable(string path)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/{path}");
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            using (client)
            {
                try
                {
                    await AnswerAsync(client.GetStream());
                }
                catch (IOException)
                {
                    // The client gave up first (e.g. after reading more than it expected): nothing to do.
                }
            }
        }
    }

    private async Task AnswerAsync(NetworkStream stream)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var path = await ReadRequestPathAsync(stream, timeout.Token);
        Interlocked.Increment(ref _requests);
        Response? response;
        lock (_routes)
            _routes.TryGetValue(path, out response);
        response ??= new Response(404, Encoding.ASCII.GetBytes("not found"), 9);
        var header = new StringBuilder($"HTTP/1.1 {response.Status} {(response.Status == 200 ? "OK" : "Not Found")}\r\n");
        if (response.AnnouncedLength is { } length)
            header.Append($"Content-Length: {length}\r\n");
        header.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(header.ToString()), timeout.Token);
        await stream.WriteAsync(response.Body, timeout.Token);
        await stream.FlushAsync(timeout.Token);
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[1024];
        while (!EndsWithBlankLine(received))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
                break;
            received.AddRange(buffer.AsSpan(0, read));
        }
        var requestLine = Encoding.ASCII.GetString(received.ToArray()).Split("\r\n")[0];   // GET /path HTTP/1.1
        return requestLine.Split(' ') is [_, var target, ..] ? target.TrimStart('/') : "";
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation.
        }
        _stop.Dispose();
    }
}
