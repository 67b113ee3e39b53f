using SkiaSharp;

namespace DeepArch.Data;

/// <summary>
/// What one synthetic image shows: shape class, colour class, centre and circumradius in pixels, rotation in radians,
/// and the grey rectangle hiding part of it, if any.
/// </summary>
internal sealed record ShapeSpec(int Shape, int Color, float CenterX, float CenterY, float Radius, float Rotation, SKRect? Occluder)
{
    // Indices into Shapes.ShapeNames.
    public const int Circle = 0;
    public const int Square = 1;
    public const int Triangle = 2;
    public const int Star = 3;
    public const int Diamond = 4;

    /// <summary>A star's inner vertices lie at this fraction of its radius.</summary>
    public const float StarInnerRatio = 0.45f;

    /// <summary>A diamond's short half-diagonal, as a fraction of its long one (the radius).</summary>
    public const float DiamondRatio = 0.6f;

    /// <summary>The outline as a Skia path.</summary>
    public SKPath ToPath()
    {
        using var builder = new SKPathBuilder();
        if (Shape == Circle)
        {
            builder.AddCircle(CenterX, CenterY, Radius);
            return builder.Detach();
        }
        // Polygons: vertex k at angle Rotation + 2πk/n, radius alternating for the star and the diamond.
        var (vertices, inner) = Shape switch
        {
            Square => (4, 1f),
            Triangle => (3, 1f),
            Star => (10, StarInnerRatio),
            Diamond => (4, DiamondRatio),
            _ => throw new InvalidOperationException($"Unknown shape {Shape}."),
        };
        for (var k = 0; k < vertices; k++)
        {
            var angle = Rotation + 2 * MathF.PI * k / vertices;
            var r = k % 2 == 1 ? Radius * inner : Radius;
            var point = new SKPoint(CenterX + r * MathF.Cos(angle), CenterY + r * MathF.Sin(angle));
            if (k == 0)
                builder.MoveTo(point);
            else
                builder.LineTo(point);
        }
        builder.Close();
        return builder.Detach();
    }
}
