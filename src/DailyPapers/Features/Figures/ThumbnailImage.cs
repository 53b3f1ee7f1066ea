using SkiaSharp;

namespace DailyPapers.Features.Figures;

/// <summary>
/// Every thumbnail has one size, the SVG card's proportions (1200×630), so cards and pages give it width and
/// height without asking the database which image a paper has.
/// </summary>
public static class ThumbnailImage
{
    public const int Width = 480;
    public const int Height = 252;
    public const string ContentType = "image/jpeg";
    private const int Quality = 80;

    /// <summary>A figure, whole and centred on white.</summary>
    public static byte[] Fit(SKBitmap figure)
    {
        var scale = Math.Min((float)Width / figure.Width, (float)Height / figure.Height);
        var (width, height) = (figure.Width * scale, figure.Height * scale);
        return Draw(figure, SKRect.Create((Width - width) / 2, (Height - height) / 2, width, height));
    }

    /// <summary>The top of a page (its title, authors and the start of the abstract), full width.</summary>
    public static byte[] Top(SKBitmap page) =>
        Draw(page, SKRect.Create(0, 0, Width, page.Height * ((float)Width / page.Width)));

    private static byte[] Draw(SKBitmap source, SKRect target)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        using var image = SKImage.FromBitmap(source);
        surface.Canvas.DrawImage(image, target, new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, Quality);
        return encoded.ToArray();
    }
}
