using NetMQ;
using NetMQ.Sockets;

namespace DeepArch.Notebooks.Kernel;

/// <summary>
/// Echoes heartbeat pings on its own thread and socket, so a kernel busy in a cell still answers them. Stopped
/// (thread joined, socket disposed) before NetMQ is cleaned up: a socket left open then crashes the process.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stopping;

    public Heartbeat(string endpoint)
    {
        var ready = new ManualResetEventSlim();
        Exception? failure = null;
        _thread = new Thread(() =>
        {
            using var socket = new ResponseSocket();
            try
            {
                socket.Options.Linger = TimeSpan.Zero;
                socket.Bind(endpoint);
            }
            catch (Exception e)
            {
                failure = e;
                ready.Set();
                return;
            }
            ready.Set();
            var message = new NetMQMessage();
            while (!_stopping)
            {
                if (socket.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(100), ref message))
                    socket.SendMultipartMessage(message);
            }
        })
        { IsBackground = true, Name = "jupyter-heartbeat" };
        _thread.Start();
        ready.Wait();
        if (failure is not null)
            throw new InvalidOperationException($"cannot bind the heartbeat socket to {endpoint}: {failure.Message}", failure);
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }
}
