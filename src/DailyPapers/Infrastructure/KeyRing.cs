using System.Xml.Linq;
using DailyPapers.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

/// <summary>
/// The Data Protection keys that sign and encrypt sign-in cookies, form tokens and the links in emails live in the
/// database, so every node of a cluster reads what any other wrote, and a restart or a new data directory changes
/// nothing. With <see cref="KeyRingOptions.CertificatePath"/> they are stored encrypted with that certificate.
/// </summary>
public static class KeyRing
{
    /// <summary>The same on every node: by default Data Protection isolates apps by their directory.</summary>
    public const string ApplicationName = "DailyPapers";

    /// <summary>Where keys lived before they moved into the database, under the data directory.</summary>
    public const string KeyDirectoryName = "keys";

    private static readonly XNamespace Ns = "http://schemas.asp.net/2015/03/dataProtection";

    public static IServiceCollection AddKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KeyRingOptions>().Bind(configuration.GetSection(KeyRingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidation>();
        var keys = services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<AppDb>();
        // Needed now, as the builder takes it; one that cannot be loaded fails the options' validation at start-up.
        if (KeyRingOptionsValidation.TryLoad(configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>()) is
            { } certificate)
            keys.ProtectKeysWithCertificate(certificate);
        services.AddHostedService<UnencryptedKeysWarning>();
        return services;
    }

    /// <summary>
    /// Readies the keys, with the database's setup lock held (<see cref="DatabaseSetup.PrepareAsync"/>): imports this
    /// data directory's old key files, refuses to run without the certificate that encrypted the stored keys, and
    /// makes the first key if there is none, so nodes starting together share one key from the start (a node only
    /// looks for keys it does not know during its first two minutes).
    /// </summary>
    public static async Task SetUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IOptions<KeyRingOptions>>().Value; // a CLI verb fails here on a bad certificate
        var encryptor = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            if (encryptor is null && await
                db.DataProtectionKeys.AnyAsync(k => k.Xml!.Contains("encryptedSecret"), cancellationToken))
                throw new
                    SetupException("the Data Protection keys in the database are encrypted with a certificate, and "
                    + "this node has none: set DataProtection:CertificatePath (and its password) as on the other " +
                        "nodes.");
            await ImportKeyFilesAsync(services, db, encryptor, cancellationToken);
        }
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ApplicationName).Protect([]);
    }

    /// <summary>
    /// Brings the key files of this node's data directory (where keys were kept before) into the database, once:
    /// sign-ins and links issued before the upgrade stay valid, on every node. Keys already there are skipped.
    /// </summary>
    private static async Task ImportKeyFilesAsync(IServiceProvider services, AppDb db, IXmlEncryptor? encryptor,
        CancellationToken cancellationToken)
    {
        var dataDirectory = services.GetRequiredService<IOptions<InstanceOptions>>().Value.DataDirectory;
        var directory = Path.Combine(dataDirectory, KeyDirectoryName);
        if (!Directory.Exists(directory)) return;
        var files = Directory.GetFiles(directory, "*.xml").ToDictionary(f => Path.GetFileNameWithoutExtension(f),
            f => f);
        var names = files.Keys.ToList();
        var known = await db.DataProtectionKeys.Where(k => names.Contains(k.FriendlyName!))
            .Select(k => k.FriendlyName).ToListAsync(cancellationToken);
        var missing = files.Where(f => !known.Contains(f.Key)).ToList();
        if (missing.Count == 0) return;
        foreach (var (name, file) in missing)
        {
            var element = EncryptSecrets(XElement.Load(file), encryptor);
            db.DataProtectionKeys.Add(new DataProtectionKey
                { FriendlyName = name, Xml = element.ToString(SaveOptions.DisableFormatting) });
        }
        await db.SaveChangesAsync(cancellationToken);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyRing)).LogInformation(
            "Imported {Count} Data Protection key(s) from {Directory} into the database: sign-ins and links issued "
            + "before the upgrade stay valid. Keys are read from the database only now; the directory can be deleted "
            + "once every node has started.", missing.Count, directory);
    }

    /// <summary>
    /// Encrypts the parts of a key marked as secret with the configured encryptor, as Data Protection does for the
    /// keys it creates: key files were written unencrypted, and the table holds only encrypted keys when a
    /// certificate is configured.
    /// </summary>
    private static XElement EncryptSecrets(XElement key, IXmlEncryptor? encryptor)
    {
        if (encryptor is null) return key;
        foreach (var secret in key.Descendants().Where(e =>
            (string?)e.Attribute(Ns + "requiresEncryption") == "true").ToList())
        {
            var copy = new XElement(secret);
            _ = new XDocument(copy); // the encryptor expects an element with a document
            var encrypted = encryptor.Encrypt(copy);
            secret.ReplaceWith(new XElement(Ns + "encryptedSecret",
                new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!),
                    encrypted.EncryptedElement));
        }
        return key;
    }

    /// <summary>Says once, when the site starts, that the keys are stored in clear.</summary>
    private sealed class UnencryptedKeysWarning(IOptions<KeyRingOptions> options,
        ILogger<UnencryptedKeysWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(options.Value.CertificatePath))
                logger.LogWarning("Data Protection keys are stored unencrypted in the database: anyone who can read " +
                    "its "
                    + "data_protection_keys table can forge sign-in cookies and links. Set " +
                        "DataProtection:CertificatePath "
                    + "(and DataProtection:CertificatePassword) to encrypt them.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
