using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Community;

/// <summary>
/// Authorship claims: a user claims one author name of a paper; a curator approves (the author entry gets the
/// user: verified on the page, on the profile and in the API) or rejects.
/// </summary>
public sealed class AuthorClaims(AppDb db, TimeProvider clock, PageCache pages)
{
    public async Task<string?> ClaimAsync(string userId, string paperId, int position,
        CancellationToken cancellationToken)
    {
        var author = await db.PaperAuthors.Where(a => a.PaperId == paperId
            && a.Position == position).Select(a => new { a.UserId }).FirstOrDefaultAsync(cancellationToken);
        if (author is null) return "This paper has no such author.";
        if (author.UserId is not null) return author.UserId == userId
            ? "You are already the verified author of this name."
            : "Another account is already the verified author of this name.";
        db.AuthorClaims.Add(new AuthorClaim
            { PaperId = paperId, Position = position, UserId = userId, Status = ClaimStatus.Pending,
            CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return "You have already claimed this author name; a curator will look at it.";
        }
    }

    /// <summary>Approves or rejects a pending claim. Approving rejects the other pending claims on the same
    /// name.</summary>
    public async Task<string?> DecideAsync(string curatorId, int claimId, bool approve,
        CancellationToken cancellationToken)
    {
        var claim = await db.AuthorClaims.FirstOrDefaultAsync(c => c.Id == claimId && c.Status == ClaimStatus.Pending,
            cancellationToken);
        if (claim is null) return "This claim does not exist or was already decided.";
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (approve)
        {
            var set = await db.PaperAuthors.Where(a => a.PaperId == claim.PaperId && a.Position == claim.Position
                && a.UserId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.UserId, claim.UserId), cancellationToken);
            if (set == 0) return "This author name already has a verified account.";
            await db.AuthorClaims.Where(c => c.PaperId == claim.PaperId && c.Position == claim.Position
                && c.Id != claim.Id && c.Status == ClaimStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status,
                    ClaimStatus.Rejected).SetProperty(c => c.DecidedAt, now).SetProperty(c => c.DecidedById, curatorId),
                    cancellationToken);
        }
        claim.Status = approve ? ClaimStatus.Approved : ClaimStatus.Rejected;
        claim.DecidedAt = now;
        claim.DecidedById = curatorId;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await pages.EvictPapersAsync(claim.PaperId);
        return null;
    }
}
