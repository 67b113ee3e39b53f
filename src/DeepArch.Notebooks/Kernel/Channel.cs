namespace DeepArch.Notebooks.Kernel;

/// <summary>The kernel's sockets that carry signed messages (the heartbeat echoes raw bytes and has its own thread).</summary>
internal enum Channel
{
    Shell,
    Control,
    Stdin,
    Iopub,
}
