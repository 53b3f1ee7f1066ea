using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Digests;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Cluster;

/// <summary>
/// Data Protection keys live in the shared database: whatever one node signs (sign-in cookies, form tokens, account
/// and digest links), every node accepts, before and after restarts, and keys kept in a data directory by an older
/// version are brought in. Nodes each have their own data directory, as on separate machines.
/// </summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private const string CertificatePassword = "test certificate password";
    private TestDatabase database = null!;
    private readonly List<ClusterNode> nodes = [];
    private readonly List<string> directories = [];

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in nodes) await ((IAsyncLifetime)node).DisposeAsync();
        await database.DisposeAsync();
        foreach (var directory in directories) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Cookies_forms_and_signed_links_from_one_node_work_on_another_and_after_every_node_restarted()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        await CreateUserAsync(a, "alice");
        var cookies = new CookieContainer();

        // Signed in on A, known on B; a form rendered by A is accepted by B.
        var signIn = await CommunityFixture.PostFormAsync(a.Browser(cookies), "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = "alice", ["Password"] = CommunityFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("id=\"current-user\">alice<", await b.Browser(cookies).GetStringAsync("/"),
            StringComparison.Ordinal);
        var formToken = CommunityFixture.FormToken(await a.Browser(cookies).GetStringAsync("/account/settings"));
        var created = await b.Browser(cookies).PostAsync("/account/settings?handler=CreateToken",
            new FormUrlEncodedContent(
            new Dictionary<string, string>
                { ["TokenName"] = "cross-node", ["__RequestVerificationToken"] = formToken }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("id=\"new-token\">dp_", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A password reset mailed by A, completed on B.
        await CreateUserAsync(a, "bob");
        await CommunityFixture.PostFormAsync(a.Browser(), "/account/forgot-password", "/account/forgot-password",
            new() { ["Email"] = "bob@example.org" });
        var reset = await MailedLinkAsync(a, "bob@example.org", "Reset your password");
        var done = await CommunityFixture.PostFormAsync(b.Browser(), reset, reset,
            new() { ["Password"] = "Brand new password 7" });
        Assert.Contains("Your password has been changed", await done.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);

        // A sign-up confirmation mailed by A, opened on B.
        await CommunityFixture.PostFormAsync(a.Browser(), "/account/sign-up", "/account/sign-up",
            new() { ["UserName"] = "carol", ["Email"] = "carol@example.org",
                ["Password"] = CommunityFixture.Password });
        var confirm = await MailedLinkAsync(a, "carol@example.org", "Confirm your email address");
        Assert.Contains("Your email address is confirmed", await b.Browser().GetStringAsync(confirm),
            StringComparison.Ordinal);

        // Digest links signed by A open on B.
        var subscription = await SubscribeAsync(a, "dora@example.org");
        var manage = Uri.EscapeDataString(a.Services.GetRequiredService<DigestTokens>().Manage(subscription));
        var managePage = await b.Browser().GetStringAsync("/subscribe/manage?token=" + manage);
        Assert.Contains("For <strong>dora@example.org</strong> · subscribed", managePage, StringComparison.Ordinal);

        Assert.All(new[] { a, b }, node =>
            Assert.Single(node.Warnings, w => w.Contains("stored unencrypted", StringComparison.Ordinal)));
        Assert.All(new[] { a, b }, node => Assert.DoesNotContain(node.Logs.Entries, e => e.Level >= LogLevel.Error));
        // Started together on an empty table, the nodes still made one key: the first made it under the setup lock.
        Assert.Equal(1, await database.OpenDb().DataProtectionKeys.CountAsync());

        // Every node restarted, on a fresh machine: the sign-in and the links still work.
        await StopAsync(a);
        await StopAsync(b);
        var c = await StartAsync();
        Assert.Contains("id=\"current-user\">alice<", await c.Browser(cookies).GetStringAsync("/"),
            StringComparison.Ordinal);
        var unsubscribe = await c.Browser().PostAsync("/digest/unsubscribe?token=" + manage, null);
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        Assert.Equal(SubscriptionStatus.Unsubscribed,
            await c.WithDbAsync(db => db.DigestSubscriptions.Where(s => s.Id == subscription).Select(s =>
            s.Status).SingleAsync()));
    }

    [Fact]
    public async Task Key_files_of_an_upgraded_node_are_imported_once_encrypted_and_what_they_signed_stays_valid()
    {
        var dataDirectory = NewDirectory();
        // What versions before keys moved to the database did: unencrypted key files under the data directory.
        var before = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(dataDirectory, "keys")),
            keys => keys.SetApplicationName("DailyPapers"));
        before.CreateProtector("first use makes the key").Protect("x");
        var keyFile = Path.GetFileNameWithoutExtension(Assert.Single(Directory.GetFiles(Path.Combine(dataDirectory,
            "keys"))));
        var certificate = CreateCertificate();

        var node = await StartAsync(dataDirectory, certificate);
        Assert.Contains(node.Logs.Entries,
            e => e.Message.StartsWith("Imported 1 Data Protection key(s)", StringComparison.Ordinal));
        var user = await CreateUserAsync(node, "erin");
        var subscription = await SubscribeAsync(node, "erin@example.org");

        // A sign-in cookie and a digest link issued by the old version.
        var cookie = await CookieIssuedByAsync(before, node, user);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"dailypapers.auth={cookie}");
        var page = await (await node.Browser().SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("id=\"current-user\">erin<", page, StringComparison.Ordinal);
        var expires = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var oldLink = before.CreateProtector("DailyPapers.Digests",
            nameof(TokenPurpose.Manage)).Protect($"{subscription}:{expires}");
        var unsubscribe = await node.Browser().PostAsync("/digest/unsubscribe?token=" + Uri.EscapeDataString(oldLink),
            null);
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);

        // Imported once, and stored encrypted like every key: no plain master key in the table.
        await StopAsync(node);
        var again = await StartAsync(dataDirectory, certificate);
        Assert.DoesNotContain(again.Logs.Entries, e => e.Message.StartsWith("Imported", StringComparison.Ordinal));
        await using var db = database.OpenDb();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync(k => k.FriendlyName == keyFile));
        Assert.All(await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(), xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(again.Warnings, w => w.Contains("stored unencrypted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_that_cannot_read_the_encrypted_keys_refuses_to_start_and_writes_no_key()
    {
        var certificate = CreateCertificate();
        var first = await StartAsync(NewDirectory(), certificate);
        await StopAsync(first);
        var keys = await database.OpenDb().DataProtectionKeys.CountAsync();

        var wrongPassword = new ClusterNode(database, NewDirectory(), new Dictionary<string, string>
        {
            ["DataProtection:CertificatePath"] = certificate, ["DataProtection:CertificatePassword"] = "wrong",
        });
        nodes.Add(wrongPassword);
        var failed = await Assert.ThrowsAsync<OptionsValidationException>(wrongPassword.InitializeAsync);
        Assert.Contains($"DataProtection:CertificatePath '{certificate}' cannot be loaded", failed.Message,
            StringComparison.Ordinal);

        var none = new ClusterNode(database, NewDirectory());
        nodes.Add(none);
        var refused = await Assert.ThrowsAsync<SetupException>(none.InitializeAsync);
        Assert.Contains("encrypted with a certificate, and this node has none", refused.Message,
            StringComparison.Ordinal);
        Assert.Equal(keys, await database.OpenDb().DataProtectionKeys.CountAsync());
    }

    private async Task<ClusterNode> StartAsync(string? dataDirectory = null, string? certificate = null)
    {
        var settings = new Dictionary<string, string>();
        if (certificate is not null)
        {
            settings["DataProtection:CertificatePath"] = certificate;
            settings["DataProtection:CertificatePassword"] = CertificatePassword;
        }
        var node = new ClusterNode(database, dataDirectory ?? NewDirectory(), settings);
        nodes.Add(node);
        await node.InitializeAsync();
        return node;
    }

    private async Task StopAsync(ClusterNode node)
    {
        nodes.Remove(node);
        await ((IAsyncLifetime)node).DisposeAsync();
    }

    private string NewDirectory()
    {
        var directory = ClusterNode.NewDataDirectory();
        directories.Add(directory);
        return directory;
    }

    /// <summary>A self-signed certificate with its key in a password-protected .pfx, as an operator would make
    /// one.</summary>
    private string CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=DailyPapers keys", rsa, HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(NewDirectory(), "keys.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }

    private static async Task<User> CreateUserAsync(ClusterNode node, string name)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var user = new User { UserName = name, Email = $"{name}@example.org", EmailConfirmed = true,
            CreatedAt = DateTime.UtcNow };
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().CreateAsync(user,
            CommunityFixture.Password);
        Assert.True(result.Succeeded);
        return user;
    }

    private static Task<int> SubscribeAsync(ClusterNode node, string email) => node.WithDbAsync(async db =>
    {
        var subscription = new DigestSubscription
            { Email = email, Status = SubscriptionStatus.Active, CreatedAt = DateTime.UtcNow };
        db.DigestSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    });

    private static async Task<string> MailedLinkAsync(ClusterNode node, string to, string subject) =>
        new Uri(CommunityFixture.LinkIn(await
            CommunityFixture.MailInAsync(node.PickupDirectory, to, subject))).PathAndQuery;

    /// <summary>The sign-in cookie the site would have set, protected with <paramref name="keys"/>.</summary>
    private static async Task<string> CookieIssuedByAsync(IDataProtectionProvider keys, ClusterNode node, User user)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var principal =
            await scope.ServiceProvider.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync(user);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal,
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) },
            IdentityConstants.ApplicationScheme);
        var protector =
            keys.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware",
            IdentityConstants.ApplicationScheme, "v2");
        return new TicketDataFormat(protector).Protect(ticket);
    }
}
