using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

/// <summary>
/// The site's own absolute address, for links read away from the site (mail, feeds, API JSON). Never taken from a
/// request header: a forged <c>Host</c> would otherwise put another site into a password-reset mail. It is
/// <c>Instance:PublicUrl</c>, else the address the server listens on when that names the site (a wildcard bind such
/// as <c>0.0.0.0</c> does not), else unknown.
/// </summary>
public sealed class SiteUrls(IOptions<InstanceOptions> instance, IServer server, IHostApplicationLifetime lifetime,
    ILogger<SiteUrls> logger) : IHostedService
{
    /// <summary>What a visitor reads when a form would mail a link and the site does not know its address.</summary>
    public const string MailRefused = "This site cannot send emails with links yet: its administrator has not set "
        + "its public address. Please try again later.";

    private const string SetIt = "Set Instance:PublicUrl to the address visitors use, e.g. https://papers.example.org";

    /// <summary>The base URL without a trailing slash, or null when nothing trustworthy names the site.</summary>
    public string? Absolute => instance.Value.PublicUrl is { Length: > 0 } configured
        ? configured.TrimEnd('/')
        : Naming(ListeningAddresses);

    private ICollection<string> ListeningAddresses =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    /// <summary>Base for links on pages, in feeds and in API JSON: absolute when known, else relative.</summary>
    public static string BaseUrl(HttpContext context) =>
        context.RequestServices.GetRequiredService<SiteUrls>().Absolute ?? "";

    /// <summary>Base for links in mail, which must be absolute; null (and an error in the log) when unknown.</summary>
    public string? ForMail(string mail)
    {
        if (Absolute is { } url) return url;
        logger.LogError("Not sending the {Mail} mail: Instance:PublicUrl is not set and the server listens on no "
            + "address that names this site ({Addresses}). " + SetIt, mail, Describe(ListeningAddresses));
        return null;
    }

    /// <summary>
    /// The first http(s) address with a concrete host (https preferred), without a trailing slash. A wildcard
    /// (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) or a Unix socket cannot be put in a link.
    /// </summary>
    public static string? Naming(IEnumerable<string> addresses) => addresses
        .Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null)
        .OfType<Uri>()
        .Where(uri => (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && NamesAHost(uri))
        .OrderBy(uri => uri.Scheme == Uri.UriSchemeHttps ? 0 : 1)
        .Select(uri => uri.GetLeftPart(UriPartial.Authority))
        .FirstOrDefault();

    private static bool NamesAHost(Uri uri) => uri.HostNameType switch
    {
        UriHostNameType.IPv4 or UriHostNameType.IPv6 => !IsWildcard(IPAddress.Parse(uri.Host.Trim('[', ']'))),
        UriHostNameType.Dns => !uri.Host.Equals("unix", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static bool IsWildcard(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static string Describe(ICollection<string> addresses) =>
        addresses.Count == 0 ? "no address" : string.Join(", ", addresses);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Said once, when the server has started and knows its addresses; never per request or per job run.
        if (string.IsNullOrWhiteSpace(instance.Value.PublicUrl))
            lifetime.ApplicationStarted.Register(LogMissingPublicUrl);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void LogMissingPublicUrl()
    {
        if (Absolute is { } url)
            logger.LogWarning("Instance:PublicUrl is not set: links in emails, feeds and the API use {Url}, the "
                + "address this server listens on, and digests are not sent. " + SetIt, url);
        else
            logger.LogWarning("Instance:PublicUrl is not set and the server listens on no address that names this "
                + "site ({Addresses}): emails with links (sign-up, password reset, subscriptions) are refused, "
                + "links in feeds and the API are relative, and digests are not sent. " + SetIt,
                Describe(ListeningAddresses));
    }
}
