using System.Collections.Concurrent;
using DailyPapers.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>
/// Identity's own password hasher (the same settings and work), which also counts the hashes it computes for each
/// password, so a test sees how much hashing an answer cost without timing it.
/// </summary>
public sealed class CountingPasswordHasher(
    IOptions<PasswordHasherOptions> options, CountingPasswordHasher.Counts counts) : IPasswordHasher<User>
{
    private readonly PasswordHasher<User> hasher = new(options);

    public string HashPassword(User user, string password)
    {
        counts.Add(password);
        return hasher.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        counts.Add(providedPassword);
        return hasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }

    /// <summary>Hashes computed per password, for one app.</summary>
    public sealed class Counts
    {
        private readonly ConcurrentDictionary<string, int> byPassword = new(StringComparer.Ordinal);

        public void Add(string password) => byPassword.AddOrUpdate(password, 1, (_, count) => count + 1);

        public int Of(string password) => byPassword.GetValueOrDefault(password);
    }
}
