using SkiaSharp;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace DailyPapers.Tests.Figures;

/// <summary>PDFs made by the tests with PdfPig's writer: text pages, JPEG and PNG figures, a logo too small to
/// count.</summary>
public static class TestPdfs
{
    public static readonly SKColor FigureColor = new(200, 30, 30);
    public static readonly SKColor LogoColor = new(30, 30, 200);

    /// <summary>Page 1: a title and a 120×60 logo; page 2: an 800×400 figure of one colour.</summary>
    public static byte[] WithFigureOnPage2(SKEncodedImageFormat format) => Build((builder, font) =>
    {
        var first = TextPage(builder, font);
        first.AddJpeg(Image(120, 60, LogoColor, SKEncodedImageFormat.Jpeg), new PdfRectangle(72, 560, 192, 620));
        var second = builder.AddPage(PageSize.Letter);
        var figure = Image(800, 400, FigureColor, format);
        var place = new PdfRectangle(72, 300, 540, 534);
        if (format == SKEncodedImageFormat.Png) second.AddPng(figure, place);
        else second.AddJpeg(figure, place);
    });

    /// <summary>Two pages of text (vector only), as many papers whose figures are drawn, not embedded.</summary>
    public static byte[] TextOnly() => Build((builder, font) =>
    {
        TextPage(builder, font);
        builder.AddPage(PageSize.Letter).AddText("Related work", 12, new PdfPoint(72, 720), font);
    });

    /// <summary>A PDF header followed by nothing a reader can use.</summary>
    public static byte[] Corrupt() => [.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))];

    public static byte[] Image(int width, int height, SKColor color, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95);
        return data.ToArray();
    }

    private static PdfPageBuilder TextPage(PdfDocumentBuilder builder, PdfDocumentBuilder.AddedFont font)
    {
        var page = builder.AddPage(PageSize.Letter);
        page.AddText("A Paper About Figures", 28, new PdfPoint(72, 700), font);
        page.AddText("Alice Example, Bob Example", 14, new PdfPoint(72, 670), font);
        return page;
    }

    private static byte[] Build(Action<PdfDocumentBuilder, PdfDocumentBuilder.AddedFont> pages)
    {
        using var builder = new PdfDocumentBuilder();
        pages(builder, builder.AddStandard14Font(Standard14Font.Helvetica));
        return builder.Build();
    }
}
