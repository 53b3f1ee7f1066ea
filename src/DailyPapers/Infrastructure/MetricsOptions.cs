using System.Net;
using IPNetwork = System.Net.IPNetwork;

namespace DailyPapers.Infrastructure;

/// <summary>Prometheus metrics at <c>/metrics</c>: off unless switched on, and then only for the given
/// addresses.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public bool Enabled { get; set; }

    /// <summary>
    /// Addresses (<c>10.0.0.7</c>) and networks (<c>10.0.0.0/8</c>) that may read <c>/metrics</c>; anyone else gets a
    /// 404. Empty: this machine only (127.0.0.1, ::1). Behind a proxy this is the visitor's address when the proxy is
    /// in <c>Instance:TrustedProxies</c>: better have the scraper read each node directly.
    /// </summary>
    public List<string> AllowedAddresses { get; set; } = [];

    public bool Allows(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (AllowedAddresses.Count == 0) return IPAddress.IsLoopback(address);
        return AllowedAddresses.Any(entry => IPAddress.TryParse(entry, out var allowed)
            ? allowed.Equals(address)
            : IPNetwork.TryParse(entry, out var network) && network.Contains(address));
    }
}
