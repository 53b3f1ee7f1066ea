using Microsoft.Extensions.Options;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace DailyPapers.Features.Figures;

/// <summary>The first embedded image of a PDF large enough to be a figure, decoded (PdfPig finds it).</summary>
public sealed class FigureExtractor(IOptions<FiguresOptions> options)
{
    /// <summary>Images with more pixels are not decoded (a 50 MB PDF can hold a much larger bitmap).</summary>
    private const long MaxPixels = 20_000_000;

    /// <summary>The figure and the page it is on; null when none decodes. Throws when the PDF cannot be read.</summary>
    public (SKBitmap Figure, int Page)? FirstFigure(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = Math.Min(document.NumberOfPages, options.Value.MaxPages);
        for (var number = 1; number <= pages; number++)
        {
            foreach (var image in document.GetPage(number).GetImages())
            {
                if (!IsSizeable(image)) continue;
                if (Decode(image) is { } figure) return (figure, number);
            }
        }
        return null;
    }

    private bool IsSizeable(IPdfImage image) =>
        image.WidthInSamples >= options.Value.MinFigureWidth && image.HeightInSamples >= options.Value.MinFigureHeight
        && (long)image.WidthInSamples * image.HeightInSamples <= MaxPixels && !image.IsImageMask;

    /// <summary>PdfPig turns raw and Flate images into PNG; JPEG (DCT) images are decoded as they are stored. Others
    /// (JPEG 2000, JBIG2, CCITT) are passed over.</summary>
    private static SKBitmap? Decode(IPdfImage image)
    {
        try
        {
            var bytes = image.TryGetPng(out var png) ? png : image.RawMemory.ToArray();
            return SKBitmap.Decode(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // an image PdfPig cannot convert: the next one may do
        }
    }
}
