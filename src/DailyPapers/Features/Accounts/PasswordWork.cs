using Microsoft.AspNetCore.Identity;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// The password hashing an answer would have done had there been an account to check: an unknown account, one
/// without a password or a locked one costs one hash, as a real check does, so the time of an answer does not tell
/// whether an account exists. It goes through the same <see cref="IPasswordHasher{TUser}"/> with the same settings.
/// </summary>
public sealed class PasswordWork(IPasswordHasher<User> hasher)
{
    private static readonly User Nobody = new();

    // Hashed once per process: its cost is a first request's, and the hash stays as strong as the hasher's settings.
    private static string? decoyHash;

    /// <summary>Checks <paramref name="password"/> against a hash no password matches.</summary>
    public void CheckAgainstNothing(string password)
    {
        decoyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, decoyHash, password);
    }

    /// <summary>Hashes <paramref name="password"/> as creating an account would, and throws the hash away.</summary>
    public void HashAndDiscard(User candidate, string password) => hasher.HashPassword(candidate, password);
}
