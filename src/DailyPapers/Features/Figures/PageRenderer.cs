using System.Diagnostics;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace DailyPapers.Features.Figures;

/// <summary>Page 1 of a PDF as a bitmap <see cref="ThumbnailImage.Width"/> pixels wide, drawn by Poppler's
/// pdftoppm.</summary>
public sealed class PageRenderer(IOptions<FiguresOptions> options)
{
    /// <summary>The pdftoppm to run, or null when it is not configured or not installed.</summary>
    public string? Tool { get; } = Locate(options.Value.Pdftoppm);

    /// <summary>The rendered page, or why there is none.</summary>
    public async Task<(SKBitmap? Page, string? Failure)> RenderFirstPageAsync(byte[] pdf,
        CancellationToken cancellationToken)
    {
        if (Tool is null) return (null, "pdftoppm is not installed");
        var start = new ProcessStartInfo(Tool)
        {
            ArgumentList = { "-f", "1", "-l", "1", "-scale-to-x", $"{ThumbnailImage.Width}", "-scale-to-y", "-1",
                "-png", "-" },
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"{Tool} cannot be started: {e.Message}");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RenderTimeout);
        try
        {
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            // A PDF pdftoppm stops reading early (it failed) must not fail the write: the exit code says why.
            try { await process.StandardInput.BaseStream.WriteAsync(pdf, timeout.Token); }
            catch (IOException) { }
            process.StandardInput.Close();
            await Task.WhenAll(reading, errors);
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
                return (null, $"pdftoppm failed ({process.ExitCode}): {LastLine(await errors)}");
            return SKBitmap.Decode(output.ToArray()) is { } page ? (page, null) : (null, "pdftoppm drew no page");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (null, $"pdftoppm did not finish within {options.Value.RenderTimeout}");
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault() ?? "no message";

    private static string? Locate(string tool)
    {
        if (string.IsNullOrWhiteSpace(tool)) return null;
        if (tool.Contains('/')) return File.Exists(tool) ? tool : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool)).FirstOrDefault(File.Exists);
    }
}
