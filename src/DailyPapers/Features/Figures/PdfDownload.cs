using System.Net;
using DailyPapers.Features.Harvest;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace DailyPapers.Features.Figures;

/// <summary>A downloaded PDF, or why there is none and whether asking again later may help.</summary>
public sealed record PdfFetch(byte[]? Pdf, string? Failure, bool MayPass)
{
    public static PdfFetch Got(byte[] pdf) => new(pdf, null, false);
    public static PdfFetch Refused(string why) => new(null, why, false);
    public static PdfFetch Failed(string why) => new(null, why, true);
}

/// <summary>
/// Fetches a paper's PDF through the harvester's client: the same User-Agent, the same spacing between requests
/// (arXiv counts them all) and the same retries of 5xx and timeouts. The body is read up to
/// <see cref="FiguresOptions.MaxPdfBytes"/> and within <see cref="FiguresOptions.DownloadTimeout"/>.
/// </summary>
public sealed class PdfDownload(IHttpClientFactory clients, IOptions<FiguresOptions> options, TimeProvider clock)
{
    public Uri UrlOf(string paperId) => new(options.Value.PdfEndpoint.Replace("{id}", paperId,
        StringComparison.Ordinal));

    public async Task<PdfFetch> GetAsync(string paperId, CancellationToken cancellationToken)
    {
        var url = UrlOf(paperId);
        var limit = options.Value.MaxPdfBytes;
        using var timeout = new CancellationTokenSource(options.Value.DownloadTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await clients.CreateClient(HarvestHttp.ClientName)
                .GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode) return Unsuccessful(url, response);
            if (response.Content.Headers.ContentLength > limit)
                return PdfFetch.Refused(TooLarge(response.Content.Headers.ContentLength.Value.ToString()));
            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            using var pdf = new MemoryStream();
            var chunk = new byte[81_920];
            int read;
            while ((read = await body.ReadAsync(chunk, linked.Token)) > 0)
            {
                if (pdf.Length + read > limit) return PdfFetch.Refused(TooLarge("more than that"));
                pdf.Write(chunk, 0, read);
            }
            return PdfFetch.Got(pdf.ToArray());
        }
        catch (HttpRequestException e) when (HarvestHttp.Unreachable(e) is { } why)
        {
            return PdfFetch.Failed($"cannot reach {url.Authority}: {why}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return PdfFetch.Failed($"GET {url} failed: {HarvestHttp.Describe(e)}");
        }
        catch (Exception e) when (e is TimeoutRejectedException || (e is OperationCanceledException
            && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            return PdfFetch.Failed($"GET {url} did not complete within {options.Value.DownloadTimeout}");
        }
    }

    private string TooLarge(string size) =>
        $"the PDF is larger than Figures:MaxPdfBytes ({options.Value.MaxPdfBytes} bytes): {size} bytes";

    /// <summary>Asking again may help after a 5xx, 408 or 429 (the client's retries are spent); not after a
    /// 404.</summary>
    private static PdfFetch Unsuccessful(Uri url, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var why = $"GET {url} answered HTTP {(int)status} {response.ReasonPhrase}";
        return (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            ? PdfFetch.Failed(why)
            : PdfFetch.Refused(why);
    }
}
