using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

public static class KeyStorage
{
    /// <summary>
    /// Data Protection keys (sign-in cookies, links in emails) under <c>{data dir}/keys</c>, so links keep working
    /// after a restart and the CLI signs links the site accepts. Several nodes must share this directory.
    /// </summary>
    public static IServiceCollection AddPersistedKeys(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("DailyPapers");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<InstanceOptions>, ILoggerFactory>((options, instance, logging) =>
            options.XmlRepository = new FileSystemXmlRepository(
                Directory.CreateDirectory(Path.Combine(instance.Value.DataDirectory, "keys")), logging));
        return services;
    }
}
