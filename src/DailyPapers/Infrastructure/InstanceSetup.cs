using DailyPapers.Data;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace DailyPapers.Infrastructure;

public static class InstanceSetup
{
    /// <summary>
    /// Configuration beyond ASP.NET's defaults: <c>DAILYPAPERS_*</c> environment variables (below the command line),
    /// <c>DAILYPAPERS_DATA_DIR</c> for the data directory, and the instance options, validated at start-up.
    /// </summary>
    public static WebApplicationBuilder AddInstance(this WebApplicationBuilder builder)
    {
        PrivateFiles.RestrictNewFiles(); // before the first file of the instance is made
        var sources = builder.Configuration.Sources;
        var commandLine = sources.Select((source, index) => (source, index)).LastOrDefault(s =>
            s.source is CommandLineConfigurationSource);
        sources.Insert(commandLine.source is null ? sources.Count : commandLine.index,
            new EnvironmentVariablesConfigurationSource { Prefix = "DAILYPAPERS_" });

        var dataDirKey = $"{InstanceOptions.Section}:DataDirectory";
        if (builder.Configuration[dataDirKey] is null
            && Environment.GetEnvironmentVariable("DAILYPAPERS_DATA_DIR") is { Length: > 0 } dir)
            builder.Configuration[dataDirKey] = Path.GetFullPath(dir);

        builder.Services.AddOptions<InstanceOptions>().Bind(builder.Configuration.GetSection(InstanceOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Instance:DataDirectory must not be empty.")
            .Validate(o => o.PublicUrl is null or "" || Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _),
                "Instance:PublicUrl must be an absolute URL.")
            .Validate(o => o.TrustedProxies.All(TrustedProxies.IsValid),
                "Instance:TrustedProxies must list IP addresses (127.0.0.1) or networks (10.0.0.0/8).")
            .Validate(o => o.PageCacheSeconds is >= 1 and <= 86_400,
                "Instance:PageCacheSeconds must be between 1 and 86400.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<DataDirectoryPermissions>();
        builder.Services.AddSingleton<StartupBanner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StartupBanner>());
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}
