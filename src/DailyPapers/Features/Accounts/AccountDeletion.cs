using DailyPapers.Features.Community;
using Microsoft.AspNetCore.Identity;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// Deleting an account: its votes are removed and taken back from the papers' counts (a vote is an opinion of a
/// person who has left); its comments stay, shown as by a deleted account, so replies keep their context; its
/// submissions stay on the daily lists without a submitter; its tokens, claims and pending submissions go.
/// </summary>
public sealed class AccountDeletion(UserManager<User> users, Votes votes)
{
    public async Task<IdentityResult> DeleteAsync(User user, CancellationToken cancellationToken)
    {
        await votes.RemoveAllAsync(user.Id, cancellationToken);
        return await users.DeleteAsync(user);
    }
}
