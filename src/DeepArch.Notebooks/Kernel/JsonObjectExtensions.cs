using System.Text.Json.Nodes;

namespace DeepArch.Notebooks.Kernel;

internal static class JsonObjectExtensions
{
    /// <summary>Applies a change to an object and returns it, to build message contents in one expression.</summary>
    public static JsonObject Let(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
