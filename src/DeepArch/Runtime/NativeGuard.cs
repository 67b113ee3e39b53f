namespace DeepArch.Runtime;

internal static class NativeGuard
{
    public static void Install() { }
}
