using Microsoft.AspNetCore.Identity;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// What a feature keeps about an account beyond what the database removes with it: each feature says how to take
/// it away when the account is deleted (votes come off the papers' counts, for one).
/// </summary>
public interface IPersonalData
{
    Task DeleteAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>
/// Deleting an account: every feature removes its personal data first (votes are taken back from the papers' counts:
/// a vote is an opinion of a person who has left); comments stay, shown as by a deleted account, so replies keep their
/// context; submissions stay on the daily lists without a submitter; tokens, claims and pending submissions go.
/// </summary>
public sealed class AccountDeletion(UserManager<User> users, IEnumerable<IPersonalData> personalData)
{
    public async Task<IdentityResult> DeleteAsync(User user, CancellationToken cancellationToken)
    {
        foreach (var data in personalData) await data.DeleteAsync(user.Id, cancellationToken);
        return await users.DeleteAsync(user);
    }
}
