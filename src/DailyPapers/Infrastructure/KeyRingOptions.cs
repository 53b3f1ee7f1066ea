using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

/// <summary>How the Data Protection keys (cookies, forms, signed links) are protected in the database.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>
    /// A PKCS#12 file (.pfx) with a certificate and its private key: the keys are then stored encrypted with it.
    /// Every node needs the same file. Empty: keys are stored unencrypted (a warning at start-up says so).
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The file's password: give it through the environment
    /// (<c>DAILYPAPERS_DataProtection__CertificatePassword</c>).</summary>
    public string? CertificatePassword { get; set; }

    public X509Certificate2? LoadCertificate() => string.IsNullOrWhiteSpace(CertificatePath)
        ? null
        : X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
}

/// <summary>
/// A configured certificate that cannot be used stops start-up: a node that cannot read the shared keys would write
/// a new, unencrypted key into the table, and the other nodes would adopt it.
/// </summary>
internal sealed class KeyRingOptionsValidation : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        const string why = " Without it this node would store its own unencrypted keys beside the encrypted ones.";
        try
        {
            using var certificate = options.LoadCertificate();
            return certificate is null || certificate.HasPrivateKey
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"DataProtection:CertificatePath '{options.CertificatePath}' holds no " +
                    $"private key." + why);
        }
        catch (Exception e) when (IsLoadFailure(e))
        {
            return ValidateOptionsResult.Fail(
                $"DataProtection:CertificatePath '{options.CertificatePath}' cannot be loaded " +
                    $"({e.Message.TrimEnd('.')}): "
                + "check the path and DataProtection:CertificatePassword." + why);
        }
    }

    public static X509Certificate2? TryLoad(KeyRingOptions? options)
    {
        try
        {
            var certificate = options?.LoadCertificate();
            if (certificate is { HasPrivateKey: true }) return certificate;
            certificate?.Dispose();
            return null;
        }
        catch (Exception e) when (IsLoadFailure(e))
        {
            return null;
        }
    }

    private static bool IsLoadFailure(Exception e) =>
        e is CryptographicException or IOException or UnauthorizedAccessException;
}
