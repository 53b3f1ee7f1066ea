using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>
/// One node of a cluster: the app on a database other nodes share, with a data directory of its own as on another
/// machine (on SQLite, nodes open the one database file, as processes of one machine would). Its logs are kept.
/// </summary>
public class ClusterNode(TestDatabase shared, string dataDirectory, IReadOnlyDictionary<string,
    string>? settings = null)
    : AppFactory(shared)
{
    public const string PublicUrl = "https://papers.cluster.example";

    public string DataDirectory => dataDirectory;

    public LogCollector Logs { get; } = new(LogLevel.Information);

    /// <summary>Where this node writes its mail (no SMTP configured).</summary>
    public string PickupDirectory => Path.Combine(dataDirectory, "mail-pickup");

    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("dailypapers-node-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Database.Settings(dataDirectory)) builder.UseSetting(key, value);
        builder.UseSetting("Instance:PublicUrl", PublicUrl);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>A browser on this node: no redirects followed, cookies kept in <paramref name="cookies"/>
    /// (shareable).</summary>
    public HttpClient Browser(System.Net.CookieContainer? cookies = null) =>
        CreateDefaultClient(new CookieContainerHandler(cookies ?? new System.Net.CookieContainer()));

    /// <summary>What the operator read at warning level or above.</summary>
    public IEnumerable<string> Warnings => Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message);
}
