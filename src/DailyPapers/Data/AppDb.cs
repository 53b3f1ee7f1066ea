using DailyPapers.Features.Accounts;
using DailyPapers.Features.Community;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Figures;
using DailyPapers.Features.Harvest;
using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Data;

/// <summary>
/// The one database of an instance. Each provider has a subclass (<see cref="SqliteAppDb"/>,
/// <see cref="PostgresAppDb"/>) only so that each keeps its own migrations set; the model is shared. It also holds
/// the Data Protection keys, so every node of a cluster signs and reads cookies, forms and links alike.
/// </summary>
public abstract class AppDb(DbContextOptions options) : IdentityDbContext<User>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Paper> Papers => Set<Paper>();
    public DbSet<PaperAuthor> PaperAuthors => Set<PaperAuthor>();
    public DbSet<DailyEntry> DailyEntries => Set<DailyEntry>();
    public DbSet<HarvestState> HarvestStates => Set<HarvestState>();
    public DbSet<PaperEmbedding> PaperEmbeddings => Set<PaperEmbedding>();
    public DbSet<PaperFigure> PaperFigures => Set<PaperFigure>();

    public DbSet<Vote> Votes => Set<Vote>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<PendingSubmission> PendingSubmissions => Set<PendingSubmission>();
    public DbSet<AuthorClaim> AuthorClaims => Set<AuthorClaim>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<DigestSubscription> DigestSubscriptions => Set<DigestSubscription>();
    public DbSet<DigestOutboxMessage> DigestOutbox => Set<DigestOutboxMessage>();
    public DbSet<DigestSentPaper> DigestSentPapers => Set<DigestSentPaper>();
    public DbSet<DigestRun> DigestRuns => Set<DigestRun>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly);
    }
}
