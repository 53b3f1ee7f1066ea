using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy: per-address rate limits would count all visitors as
/// one. With <see cref="InstanceOptions.TrustedProxies"/> set, the visitor's address and scheme are taken from the
/// forwarded headers those proxies add, walking back through trusted hops only, so a visitor cannot pose as another.
/// </summary>
public static class TrustedProxies
{
    public static bool IsValid(string entry) => IPAddress.TryParse(entry, out _) || IPNetwork.TryParse(entry, out _);

    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<IOptions<InstanceOptions>>().Value.TrustedProxies;
        if (proxies.Count == 0) return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null, // as many hops as are trusted
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in proxies)
        {
            if (IPAddress.TryParse(entry, out var address)) options.KnownProxies.Add(address);
            else options.KnownIPNetworks.Add(IPNetwork.Parse(entry));
        }
        return app.UseForwardedHeaders(options);
    }
}
