using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Papers;

/// <summary>
/// Upserts papers and their featured days. One call is one transaction: a file is imported whole or not at all,
/// and importing the same records again changes nothing.
/// </summary>
public sealed class PaperImporter(AppDb db, TimeProvider clock, PaperChanges changes, PageCache pages,
    PaperMetrics metrics, ILogger<PaperImporter> logger)
{
    private const int Chunk = 500;

    public Task<ImportSummary> ImportAsync(IReadOnlyList<PaperRecord> records, IProgress<int>? progress,
        CancellationToken cancellationToken) =>
        ImportAsync(records, progress, beforeCommit: null, cancellationToken);

    /// <param name="beforeCommit">Runs inside the transaction after the papers are saved (a harvester records its
    /// position here, so the position and the papers commit together or not at all).</param>
    public async Task<ImportSummary> ImportAsync(IReadOnlyList<PaperRecord> records, IProgress<int>? progress,
        Func<CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken)
    {
        // Each source's parser refuses or skips such records, naming them; this keeps any other path from storing one.
        foreach (var record in records)
        {
            if (TextRule.Check(record) is { } problem) throw new ImportFormatException($"{record.Origin}: {problem}");
        }
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.ChangeTracker.Clear();
            var changed = new List<string>();
            var summary = await UpsertAsync(records, progress, changed, cancellationToken);
            if (beforeCommit is not null) await beforeCommit(cancellationToken);
            // Other nodes (and, from a CLI import, every node) re-read the papers when this commits.
            if (changed.Count > 0) await ClusterNotifications.NotifyAsync(db, ClusterNotifications.PapersChanged,
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            changes.Publish(changed); // the search index follows in the background
            await pages.EvictPapersAsync(changed);
            metrics.Imported(summary.Added);
            logger.LogInformation("Imported {Count} records: {Summary}", records.Count, summary);
            return summary;
        });
    }

    private async Task<ImportSummary> UpsertAsync(IReadOnlyList<PaperRecord> records, IProgress<int>? progress,
        List<string> changedIds, CancellationToken cancellationToken)
    {
        int added = 0, updated = 0, unchanged = 0, done = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var submitterIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var countChanges = new List<CountChange>();

        foreach (var chunk in records.Chunk(Chunk))
        {
            var known = await LoadKnownAsync(chunk, cancellationToken);
            var fresh = new Fresh([], []);
            foreach (var record in chunk)
            {
                var paper = Resolve(record, known);
                var isNew = paper is null;
                paper ??= Create(record, known, fresh.Papers, now);
                var changed = Apply(record, paper);
                changed |= ApplyCounts(record, paper, isNew, countChanges);
                changed |= await FeatureAsync(record, paper, known, submitterIds, fresh.Users, now, cancellationToken);
                if (isNew) added++;
                else if (changed) { updated++; paper.ModifiedAt = now; }
                else unchanged++;
                if (isNew || changed) changedIds.Add(paper.Id);
                progress?.Report(++done);
            }
            // New rows go in first, in the order their foreign keys need: submitters, papers, authors; then the
            // tracked changes (featured days, updated papers).
            await BulkInsert.InsertAsync(db, fresh.Users, cancellationToken);
            await BulkInsert.InsertAsync(db, fresh.Papers, cancellationToken);
            await BulkInsert.InsertAsync(db, [.. fresh.Papers.SelectMany(p => p.Authors)], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var change in countChanges)
            {
                await db.Papers.Where(p => p.Id == change.PaperId).ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.Upvotes, p => p.Upvotes + change.Upvotes)
                    .SetProperty(p => p.NumComments, p => p.NumComments + change.Comments), cancellationToken);
            }
            countChanges.Clear();
            db.ChangeTracker.Clear();
        }
        return new ImportSummary(added, updated, unchanged);
    }

    /// <summary>Rows new in this chunk: not tracked, bulk-inserted at the end of the chunk.</summary>
    private sealed record Fresh(List<Paper> Papers, List<User> Users);

    private sealed record Known(Dictionary<string, Paper> ById, Dictionary<string, Paper> ByTitleKey,
        HashSet<(string, DateOnly)> Featured);

    private async Task<Known> LoadKnownAsync(PaperRecord[] chunk, CancellationToken cancellationToken)
    {
        var ids = chunk.Where(r => r.Id is not null).Select(r => r.Id!).Distinct().ToList();
        var keys = chunk.Where(r => r.Id is null).Select(r => PaperIds.TitleKey(r.Title)).Distinct().ToList();
        var slugs = chunk.Where(r => r.Id is null).Select(r => PaperIds.Slug(r.Title)).Distinct().ToList();
        // One query per kind of key: an OR across the id and the title key would scan the whole table for every chunk.
        var papers = new List<Paper>();
        if (ids.Count > 0)
            papers.AddRange(await db.Papers.Include(p => p.Authors).Where(p =>
                ids.Contains(p.Id)).ToListAsync(cancellationToken));
        if (keys.Count > 0)
            papers.AddRange(await db.Papers.Include(p => p.Authors).Where(p => slugs.Contains(p.Id)
                || keys.Contains(p.TitleKey)).ToListAsync(cancellationToken));
        papers = [.. papers.DistinctBy(p => p.Id)];
        var paperIds = papers.Select(p => p.Id).Concat(ids).Distinct().ToList();
        var dates = chunk.Where(r => r.Featured is not null).Select(r => r.Featured!.Date).Distinct().ToList();
        var featured = dates.Count == 0 ? []
            : await db.DailyEntries.Where(e => dates.Contains(e.Date) && paperIds.Contains(e.PaperId))
            .Select(e => new { e.PaperId, e.Date }).ToListAsync(cancellationToken);

        var byTitleKey = new Dictionary<string, Paper>();
        // Prefer the arXiv record when a listing title matches several papers.
        foreach (var paper in papers.OrderBy(p => PaperIds.IsArxivId(p.Id) ? 0 : 1))
            byTitleKey.TryAdd(paper.TitleKey, paper);
        return new Known(papers.ToDictionary(p => p.Id), byTitleKey, [.. featured.Select(f => (f.PaperId, f.Date))]);
    }

    private static Paper? Resolve(PaperRecord record, Known known) =>
        record.Id is not null
            ? known.ById.GetValueOrDefault(record.Id)
            : known.ByTitleKey.GetValueOrDefault(PaperIds.TitleKey(record.Title));

    /// <summary>A new paper, not tracked: <paramref name="fresh"/> is bulk-inserted at the end of the chunk.</summary>
    private static Paper Create(PaperRecord record, Known known, List<Paper> fresh, DateTime now)
    {
        var titleKey = PaperIds.TitleKey(record.Title);
        var id = record.Id ?? PaperIds.Slug(record.Title);
        if (record.Id is null && known.ById.ContainsKey(id))
        {
            // Two different titles share a slug (long titles cut at the same word): keep ids unique and stable.
            id = $"{id}-{PaperIds.StableObjectId(titleKey)[..6]}";
        }
        var paper = new Paper { Id = id, Title = record.Title, TitleKey = titleKey, CreatedAt = now, ModifiedAt = now };
        fresh.Add(paper);
        known.ById[id] = paper;
        known.ByTitleKey.TryAdd(titleKey, paper);
        return paper;
    }

    /// <summary>Copies what the record says onto the paper; true when anything changed.</summary>
    private static bool Apply(PaperRecord record, Paper paper)
    {
        var changed = false;
        // An older version never overwrites a newer one; without version numbers (arXiv's OAI format) the dates decide.
        var stale = record.Version is { } v && paper.Version is { } current ? v < current
            : record.UpdatedAt is { } updated && paper.UpdatedAt is { } known && updated < known;
        if (!stale)
        {
            changed |= Set(paper.Title, record.Title, x => { paper.Title = x; paper.TitleKey = PaperIds.TitleKey(x); });
            if (record.Abstract.Length > 0) changed |= Set(paper.Abstract, record.Abstract, x => paper.Abstract = x);
            changed |= SetIfGiven(paper.Version, record.Version, x => paper.Version = x);
            changed |= SetIfGiven(paper.UpdatedAt, record.UpdatedAt, x => paper.UpdatedAt = x);
            if (record.Authors is { Count: > 0 } authors) changed |= SetAuthors(paper, authors);
            changed |= SetIfGiven(paper.Comments, record.Comments, x => paper.Comments = x);
            changed |= SetIfGiven(paper.JournalRef, record.JournalRef, x => paper.JournalRef = x);
            changed |= SetIfGiven(paper.Doi, record.Doi, x => paper.Doi = x);
            changed |= SetIfGiven(paper.License, record.License, x => paper.License = x);
            changed |= SetIfGiven(paper.ExtraLinks,
                record.ExtraLinks is { Count: > 0 } extra ? string.Join('\n', extra) : null, x => paper.ExtraLinks = x);
        }
        changed |= SetIfGiven(paper.PublishedAt, record.PublishedAt, x => paper.PublishedAt = x);
        changed |= SetIfGiven(paper.Categories, record.Categories, x => paper.Categories = x);
        changed |= SetIfGiven(paper.GithubRepo, record.GithubRepo, x => paper.GithubRepo = x);
        changed |= SetIfGiven(paper.GithubStars, record.GithubStars, x => paper.GithubStars = x);
        changed |= SetIfGiven(paper.ProjectPage, record.ProjectPage, x => paper.ProjectPage = x);
        changed |= SetIfGiven(paper.AiSummary, record.AiSummary, x => paper.AiSummary = x);
        if (record.Organization is { } organization) changed |= SetOrganization(paper, organization);
        changed |= SetIfGiven(paper.AiKeywords, record.AiKeywords is { Count: > 0 } k ? string.Join('\n', k) : null,
            x => paper.AiKeywords = x);
        return changed;
    }

    /// <summary>
    /// Imported counts are kept apart from local votes and comments. A new paper starts at the imported count; for a
    /// known paper the change is added with an atomic update after the save, so votes cast meanwhile are not lost.
    /// </summary>
    private static bool ApplyCounts(PaperRecord record, Paper paper, bool isNew, List<CountChange> changes)
    {
        var upvotes = record.Upvotes is { } u ? u - paper.ImportedUpvotes : 0;
        var comments = record.NumComments is { } c ? c - paper.ImportedComments : 0;
        if (upvotes == 0 && comments == 0) return false;
        paper.ImportedUpvotes += upvotes;
        paper.ImportedComments += comments;
        if (isNew)
        {
            paper.Upvotes += upvotes;
            paper.NumComments += comments;
        }
        else
        {
            changes.Add(new CountChange(paper.Id, upvotes, comments));
        }
        return true;
    }

    private sealed record CountChange(string PaperId, int Upvotes, int Comments);

    private static bool SetAuthors(Paper paper, IReadOnlyList<string> names)
    {
        if (paper.Authors.OrderBy(a => a.Position).Select(a => a.Name).SequenceEqual(names)) return false;
        var claimed = paper.Authors.Where(a => a.UserId is not null).ToDictionary(a => a.Name, a => a.UserId);
        paper.Authors.Clear();
        for (var i = 0; i < names.Count; i++)
        {
            paper.Authors.Add(new PaperAuthor
            {
                PaperId = paper.Id,
                Position = i,
                Name = names[i],
                AuthorId = PaperIds.StableObjectId(paper.Id,
                    i.ToString(System.Globalization.CultureInfo.InvariantCulture), names[i]),
                UserId = claimed.GetValueOrDefault(names[i]),
            });
        }
        return true;
    }

    private async Task<bool> FeatureAsync(PaperRecord record, Paper paper, Known known, Dictionary<string,
        string> submitterIds,
        List<User> freshUsers, DateTime now, CancellationToken cancellationToken)
    {
        if (record.Featured is not { } featured || !known.Featured.Add((paper.Id, featured.Date))) return false;
        var submitterId = featured.SubmittedBy is { } by
            ? await SubmitterIdAsync(by, submitterIds, freshUsers, now, cancellationToken) : null;
        db.DailyEntries.Add(new DailyEntry
            { PaperId = paper.Id, Date = featured.Date, FeaturedAt = featured.At, SubmittedById = submitterId });
        if (paper.FirstFeaturedAt is null || featured.At < paper.FirstFeaturedAt)
        {
            paper.FirstFeaturedAt = featured.At;
            paper.FirstFeaturedById = submitterId;
        }
        return true;
    }

    /// <summary>The user behind an imported submitter name: an existing account, or a new one without a
    /// password.</summary>
    private async Task<string> SubmitterIdAsync(Submitter by, Dictionary<string, string> submitterIds,
        List<User> freshUsers,
        DateTime now, CancellationToken cancellationToken)
    {
        if (submitterIds.TryGetValue(by.UserName, out var cached)) return cached;
        var normalized = by.UserName.ToUpperInvariant();
        var id = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u =>
            u.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            var user = new User
            {
                UserName = by.UserName, NormalizedUserName = normalized, FullName = by.FullName,
                    AvatarUrl = by.AvatarUrl,
                IsPro = by.IsPro, Source = "hf", CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            freshUsers.Add(user);
            id = user.Id;
        }
        submitterIds[by.UserName] = id;
        return id;
    }

    /// <summary>An organization is replaced whole: a new name with an old picture would be someone else's
    /// badge.</summary>
    private static bool SetOrganization(Paper paper, OrganizationView organization)
    {
        if (paper.OrganizationName == organization.Name && paper.OrganizationFullName == organization.FullName
            && paper.OrganizationAvatarUrl == organization.AvatarUrl) return false;
        paper.OrganizationName = organization.Name;
        paper.OrganizationFullName = organization.FullName;
        paper.OrganizationAvatarUrl = organization.AvatarUrl;
        return true;
    }

    private static bool Set<T>(T current, T value, Action<T> assign)
    {
        if (EqualityComparer<T>.Default.Equals(current, value)) return false;
        assign(value);
        return true;
    }

    private static bool SetIfGiven<T>(T current, T? value, Action<T> assign) where T : class? =>
        value is not null && Set(current, value, assign);

    private static bool SetIfGiven<T>(T? current, T? value, Action<T?> assign) where T : struct =>
        value is not null && Set(current, value, assign);
}
