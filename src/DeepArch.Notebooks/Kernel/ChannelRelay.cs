using System.Net;
using System.Net.Sockets;

namespace DeepArch.Notebooks.Kernel;

/// <summary>
/// Carries a kernel's five channels across the wall of a sandbox that has no network of its own, over Unix sockets in a
/// folder both sides see. The grader's side (<see cref="Host"/>) listens on those sockets and on loopback TCP ports, the
/// ones its Jupyter client connects to; the kernel's side (<see cref="Dial"/>) keeps one connection per channel open
/// to the grader's socket and, when the client's first bytes come through it, connects to the kernel's own loopback port
/// inside the sandbox and relays both ways. The kernel's side only ever connects, so the folder can be read-only in the
/// sandbox (connecting to a Unix socket needs no write access to its file system). ZeroMQ sees plain byte streams.
/// </summary>
public sealed class ChannelRelay : IDisposable
{
    private static readonly string[] Channels = ["shell", "iopub", "stdin", "control", "hb"];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _listeners = [];

    private ChannelRelay()
    {
    }

    /// <summary>
    /// The grader's side: a Unix socket per channel in <paramref name="folder"/> and a loopback TCP port per channel;
    /// returns the relay and the connection (those ports, <paramref name="key"/>) a client uses.
    /// </summary>
    /// <param name="folder">An existing folder, shared with the sandbox.</param>
    /// <param name="key">The HMAC key the kernel signs with.</param>
    /// <param name="unixFileMode">Mode of the socket files (the sandbox's user must be allowed to connect).</param>
    public static (ChannelRelay Relay, ConnectionInfo Connection) Host(string folder, string key, UnixFileMode unixFileMode)
    {
        var relay = new ChannelRelay();
        var ports = new int[Channels.Length];
        try
        {
            for (var i = 0; i < Channels.Length; i++)
            {
                var tcp = new TcpListener(IPAddress.Loopback, 0);
                tcp.Start();
                relay._listeners.Add(new Stopper(tcp.Stop));
                ports[i] = ((IPEndPoint)tcp.LocalEndpoint).Port;
                var path = SocketPath(folder, Channels[i]);
                var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                relay._listeners.Add(unix);
                unix.Bind(new UnixDomainSocketEndPoint(path));
                unix.Listen(4);
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(path, unixFileMode);
                _ = relay.PairAsync(tcp, unix);
            }
        }
        catch
        {
            relay.Dispose();
            throw;
        }
        var connection = new ConnectionInfo
        {
            ShellPort = ports[0], IopubPort = ports[1], StdinPort = ports[2], ControlPort = ports[3], HeartbeatPort = ports[4], Key = key,
        };
        return (relay, connection);
    }

    /// <summary>The kernel's side, in the sandbox: connects the sockets of <paramref name="folder"/> to the ports of <paramref name="connection"/>.</summary>
    public static ChannelRelay Dial(string folder, ConnectionInfo connection)
    {
        var relay = new ChannelRelay();
        int[] ports = [connection.ShellPort, connection.IopubPort, connection.StdinPort, connection.ControlPort, connection.HeartbeatPort];
        for (var i = 0; i < Channels.Length; i++)
            _ = relay.DialAsync(SocketPath(folder, Channels[i]), ports[i]);
        return relay;
    }

    private static string SocketPath(string folder, string channel) => Path.Combine(folder, channel + ".sock");

    /// <summary>Each client connection gets the next connection the kernel's side made.</summary>
    private async Task PairAsync(TcpListener tcp, Socket unix)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await tcp.AcceptSocketAsync(_stop.Token);
                Socket inner;
                try
                {
                    inner = await unix.AcceptAsync(_stop.Token);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }
                _ = PumpAsync(client, inner, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed: the kernel is gone.
        }
    }

    /// <summary>One spare connection per channel, waiting for the client's first bytes; a new spare as soon as one is used.</summary>
    private async Task DialAsync(string path, int port)
    {
        var buffer = new byte[64 * 1024];
        while (!_stop.IsCancellationRequested)
        {
            var outer = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await outer.ConnectAsync(new UnixDomainSocketEndPoint(path), _stop.Token);
                var count = await outer.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (count == 0)
                {
                    outer.Dispose();
                    continue;
                }
                var kernel = await ConnectToKernelAsync(port, _stop.Token);
                await kernel.SendAsync(buffer.AsMemory(0, count), SocketFlags.None, _stop.Token);
                _ = PumpAsync(outer, kernel, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                outer.Dispose();
                await Task.Delay(50, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                outer.Dispose();
                return;
            }
        }
    }

    /// <summary>The kernel binds its ports while the first connections already come in: retry briefly.</summary>
    private static async Task<Socket> ConnectToKernelAsync(int port, CancellationToken cancel)
    {
        for (var attempt = 0; ; attempt++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel);
                return socket;
            }
            catch (SocketException) when (attempt < 600)
            {
                socket.Dispose();
                await Task.Delay(50, cancel);
            }
        }
    }

    /// <summary>Copies both ways until either side closes, then closes both.</summary>
    private static async Task PumpAsync(Socket a, Socket b, CancellationToken cancel)
    {
        if (a.AddressFamily != AddressFamily.Unix)
            a.NoDelay = true;
        if (b.AddressFamily != AddressFamily.Unix)
            b.NoDelay = true;
        using var left = new NetworkStream(a, ownsSocket: true);
        using var right = new NetworkStream(b, ownsSocket: true);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        try
        {
            await Task.WhenAny(left.CopyToAsync(right, either.Token), right.CopyToAsync(left, either.Token));
        }
        finally
        {
            await either.CancelAsync();
        }
    }

    /// <summary>Stops listening and relaying (open relayed connections close with their sockets).</summary>
    public void Dispose()
    {
        _stop.Cancel();
        foreach (var listener in _listeners)
            listener.Dispose();
    }

    private sealed class Stopper(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }
}
