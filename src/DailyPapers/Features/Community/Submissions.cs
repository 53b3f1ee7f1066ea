using System.Data;
using System.Globalization;
using DailyPapers.Data;
using DailyPapers.Features.Harvest;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Community;

public sealed record SubmissionRequest(string? Paper, string? Comment, string? GithubRepo, string? ProjectPage);

/// <summary>A submission's outcome: the paper on today's list, queued as pending, or refused (status, message,
/// field).</summary>
public sealed record SubmissionResult(string? PaperId, bool Pending, int Status, string? Error, string? Field = null,
    int? RetryAfterSeconds = null)
{
    public bool Succeeded => Error is null;

    public static SubmissionResult Fail(int status, string field, string error, int? retryAfter = null) =>
        new(null, false, status, error, field, retryAfter);
}

/// <summary>
/// Submitting a paper to today's (UTC) daily list, with the community's rules, each refused with its own message:
/// confirmed email; a valid arXiv reference and links; the paper at most <see cref="CommunityOptions.MaxPaperAgeDays"/>
/// old; not already on today's list; at most <see cref="CommunityOptions.MaxSubmissionsPerUserPerDay"/> a day.
/// </summary>
public sealed class Submissions(AppDb db, Comments comments, ArxivApiClient arxiv, PaperImporter importer,
    PaperEdits edits, IOptions<CommunityOptions> options, TimeProvider clock)
{
    public const string PaperHelp =
        "Enter an arXiv id such as 2508.05629, or the paper's arXiv (abs or pdf) or Hugging Face page URL.";

    public async Task<SubmissionResult> SubmitAsync(string userId, SubmissionRequest request,
        CancellationToken cancellationToken)
    {
        var rules = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);

        if (!await db.Users.AnyAsync(u => u.Id == userId && u.EmailConfirmed, cancellationToken))
            return SubmissionResult.Fail(StatusCodes.Status403Forbidden, "",
                "Confirm your email address before submitting papers.");
        if (PaperIds.FromReference(request.Paper) is not { } id || !PaperIds.IsArxivId(id))
            return SubmissionResult.Fail(StatusCodes.Status400BadRequest, "Paper", PaperHelp);
        var github = PaperLinks.GithubRepository(request.GithubRepo);
        if (github is null && !string.IsNullOrWhiteSpace(request.GithubRepo))
            return SubmissionResult.Fail(StatusCodes.Status400BadRequest, "GithubRepo", PaperLinks.GithubRepoRule);
        var project = PaperLinks.Canonical(request.ProjectPage);
        if (project is null && !string.IsNullOrWhiteSpace(request.ProjectPage))
            return SubmissionResult.Fail(StatusCodes.Status400BadRequest, "ProjectPage", PaperLinks.ProjectPageRule);
        var comment = request.Comment?.Trim() is { Length: > 0 } c ? c : null;
        if (comment is { Length: > Comment.MaxBodyLength })
            return SubmissionResult.Fail(StatusCodes.Status400BadRequest, "Comment",
                $"A comment can have at most {Comment.MaxBodyLength:N0} characters.");

        var paper = await db.Papers.Where(p => p.Id == id).Select(p =>
            new { p.PublishedAt, p.IsHidden }).FirstOrDefaultAsync(cancellationToken);
        // An unknown paper's id tells its month: one clearly too old is refused without asking arXiv.
        if (paper is null && TooOld(LastDayOf(PaperIds.ArxivMonth(id)), today, inMonth: true) is { } tooOld)
            return tooOld;
        if (paper is null
            && await arxiv.FetchWithinAsync([id], rules.ArxivFetchTimeout, cancellationToken) is { Count: > 0 } records)
        {
            await importer.ImportAsync(records, null, cancellationToken);
            paper = await db.Papers.Where(p => p.Id == id).Select(p =>
                new { p.PublishedAt, p.IsHidden }).FirstOrDefaultAsync(cancellationToken);
        }
        if (paper is { IsHidden: true })
            return SubmissionResult.Fail(StatusCodes.Status403Forbidden, "Paper",
                "Curators have hidden this paper: it cannot be submitted.");
        var published = paper?.PublishedAt is { } at ? DateOnly.FromDateTime(at) : (DateOnly?)null;
        if (paper is not null && TooOld(published, today, inMonth: false) is { } old) return old;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await RecordAsync(userId, id, paper is null, comment, github, project, now, cancellationToken) is
                    { } refused) return refused;
                break;
            }
            catch (Exception e) when (DbErrors.IsSerializationFailure(e) && attempt < 10)
            {
                db.ChangeTracker.Clear(); // a concurrent submission committed first: check and count again
            }
        }
        if (paper is null) return new SubmissionResult(id, true, StatusCodes.Status202Accepted, null);
        await FillLinksAsync(id, github, project, cancellationToken);
        if (comment is not null) await comments.AddAsync(userId, id, null, comment, cancellationToken);
        return new SubmissionResult(id, false, StatusCodes.Status201Created, null);
    }

    /// <summary>
    /// Puts the paper on today's list, or queues it as pending while it is unknown, unless it is on the list already or
    /// the user has reached today's limit (then the refusal is returned). The checks and the insert are one
    /// serializable
    /// transaction: two submissions by one user at the same moment would otherwise both count four and both get in.
    /// SQLite takes its write lock at the start (BEGIN IMMEDIATE), so the second waits for the first; PostgreSQL fails
    /// one of the two at commit, and the caller runs it again.
    /// </summary>
    private async Task<SubmissionResult?> RecordAsync(string userId, string id, bool pending, string? comment,
        string? github,
        string? project, DateTime now, CancellationToken cancellationToken)
    {
        var rules = options.Value;
        var today = DateOnly.FromDateTime(now);
        await using var transaction = await
            db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var onList = await db.DailyEntries.AnyAsync(e => e.Date == today && e.PaperId == id, cancellationToken)
            || await db.PendingSubmissions.AnyAsync(p => p.Date == today && p.PaperId == id, cancellationToken);
        if (onList) return Duplicate();
        var submittedToday = await db.DailyEntries.CountAsync(e => e.Date == today && e.SubmittedById == userId,
            cancellationToken)
            + await db.PendingSubmissions.CountAsync(p => p.Date == today && p.UserId == userId, cancellationToken);
        if (submittedToday >= rules.MaxSubmissionsPerUserPerDay)
        {
            var untilTomorrow = (int)Math.Ceiling((today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) -
                now).TotalSeconds);
            return SubmissionResult.Fail(StatusCodes.Status429TooManyRequests, "",
                $"You have submitted {rules.MaxSubmissionsPerUserPerDay} papers today, the most allowed per day. You " +
                    $"can submit again tomorrow (UTC).", untilTomorrow);
        }

        try
        {
            if (pending)
            {
                db.PendingSubmissions.Add(new PendingSubmission
                {
                    PaperId = id, Date = today, UserId = userId, Comment = comment, GithubRepo = github,
                        ProjectPage = project, CreatedAt = now,
                });
                await db.SaveChangesAsync(cancellationToken);
            }
            else
            {
                var entry = new DailyEntry { PaperId = id, Date = today, FeaturedAt = now, SubmittedById = userId };
                db.DailyEntries.Add(entry);
                await db.SaveChangesAsync(cancellationToken);
                await FirstFeaturing.UpdateAsync(db, [entry], cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return Duplicate();
        }
    }

    /// <summary>Pending submissions whose paper has arrived (import, harvest) join the daily list of their
    /// day.</summary>
    public async Task<int> PromotePendingAsync(CancellationToken cancellationToken)
    {
        var missing = await db.PendingSubmissions.Where(p => !db.Papers.Any(paper => paper.Id == p.PaperId))
            .Select(p => p.PaperId).Distinct().ToListAsync(cancellationToken);
        var fetched = await arxiv.FetchWithinAsync(missing, options.Value.ArxivFetchTimeout, cancellationToken);
        if (fetched.Count > 0) await importer.ImportAsync(fetched, null, cancellationToken);

        var ready = await db.PendingSubmissions.Where(p =>
            db.Papers.Any(paper => paper.Id == p.PaperId)).ToListAsync(cancellationToken);
        foreach (var pending in ready)
        {
            db.PendingSubmissions.Remove(pending);
            DailyEntry? entry = null;
            if (!await db.DailyEntries.AnyAsync(e => e.Date == pending.Date && e.PaperId == pending.PaperId,
                cancellationToken))
            {
                entry = new DailyEntry { PaperId = pending.PaperId, Date = pending.Date, FeaturedAt = pending.CreatedAt,
                    SubmittedById = pending.UserId };
                db.DailyEntries.Add(entry);
            }
            await db.SaveChangesAsync(cancellationToken);
            if (entry is not null) await FirstFeaturing.UpdateAsync(db, [entry], cancellationToken);
            await FillLinksAsync(pending.PaperId, pending.GithubRepo, pending.ProjectPage, cancellationToken);
            if (pending.Comment is not null) await
                comments.AddAsync(pending.UserId, pending.PaperId, null, pending.Comment, cancellationToken);
        }
        return ready.Count;
    }

    /// <summary>A submitter's links fill empty fields only; changing existing links is for curators.</summary>
    private async Task FillLinksAsync(string id, string? github, string? project, CancellationToken cancellationToken)
    {
        if (github is not null)
            await edits.UpdateAsync(id, set => set.SetProperty(p => p.GithubRepo, github), cancellationToken,
                onlyIf: p => p.GithubRepo == null);
        if (project is not null)
            await edits.UpdateAsync(id, set => set.SetProperty(p => p.ProjectPage, project), cancellationToken,
                onlyIf: p => p.ProjectPage == null);
    }

    /// <summary>The refusal for a paper published before the oldest day allowed; null when it is recent.</summary>
    private SubmissionResult? TooOld(DateOnly? published, DateOnly today, bool inMonth)
    {
        var maxAge = options.Value.MaxPaperAgeDays;
        if (published is not { } day || day >= today.AddDays(-maxAge)) return null;
        var when = inMonth ? $"in {day:MMMM yyyy}" : $"on {day:MMMM d, yyyy}";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"This paper was published {when}: only papers from the last {maxAge} days can be submitted.");
        return SubmissionResult.Fail(StatusCodes.Status400BadRequest, "Paper", message);
    }

    private static DateOnly? LastDayOf(DateOnly? month) => month?.AddMonths(1).AddDays(-1);

    private static SubmissionResult Duplicate() =>
        SubmissionResult.Fail(StatusCodes.Status409Conflict, "Paper",
            "This paper is already on today's list: upvote it there instead.");
}
