using Microsoft.AspNetCore.Identity;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// What a feature keeps about an account: each feature says how to hand it to its owner (the settings page's export)
/// and how to take it away when the account is deleted, beyond what the database removes with it (votes come off the
/// papers' counts, for one).
/// </summary>
public interface IPersonalData
{
    /// <summary>The name of the feature's part of the export (a JSON property name).</summary>
    string Section { get; }

    /// <summary>All the user's data this feature holds, as a value JSON can write.</summary>
    Task<object> ExportAsync(string userId, CancellationToken cancellationToken);

    Task DeleteAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>
/// Deleting an account: every feature removes its personal data first (votes are taken back from the papers' counts:
/// a vote is an opinion of a person who has left); comments stay, shown as by a deleted account, so replies keep their
/// context; submissions stay on the daily lists without a submitter; tokens, claims and pending submissions go.
/// </summary>
public sealed class AccountDeletion(UserManager<User> users, IEnumerable<IPersonalData> personalData)
{
    /// <summary>The account and every feature's data about it, by section: the settings page's JSON download.</summary>
    public async Task<Dictionary<string, object>> ExportAsync(User user, CancellationToken cancellationToken)
    {
        var export = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["account"] = new
            {
                id = user.Id, userName = user.UserName, fullName = user.FullName, email = user.Email,
                createdAt = user.CreatedAt,
            },
        };
        foreach (var data in personalData) export[data.Section] = await data.ExportAsync(user.Id, cancellationToken);
        return export;
    }

    public async Task<IdentityResult> DeleteAsync(User user, CancellationToken cancellationToken)
    {
        foreach (var data in personalData) await data.DeleteAsync(user.Id, cancellationToken);
        return await users.DeleteAsync(user);
    }
}
