using DailyPapers.Features.Accounts;
using DailyPapers.Features.Community;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Feed;
using DailyPapers.Features.Harvest;
using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Data;

/// <summary>
/// The one database of an instance. Each provider has a subclass (<see cref="SqliteAppDb"/>,
/// <see cref="PostgresAppDb"/>) only so that each keeps its own migrations set; the model is shared.
/// </summary>
public abstract class AppDb(DbContextOptions options) : IdentityDbContext<User>(options)
{
    public DbSet<Paper> Papers => Set<Paper>();
    public DbSet<PaperAuthor> PaperAuthors => Set<PaperAuthor>();
    public DbSet<DailyEntry> DailyEntries => Set<DailyEntry>();
    public DbSet<HarvestState> HarvestStates => Set<HarvestState>();
    public DbSet<PaperEmbedding> PaperEmbeddings => Set<PaperEmbedding>();

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

        builder.Entity<Paper>(paper =>
        {
            paper.ToTable("papers");
            paper.HasKey(p => p.Id);
            paper.Property(p => p.Id).HasMaxLength(Paper.MaxIdLength);
            paper.Property(p => p.Title).HasMaxLength(Paper.MaxTitleLength);
            paper.Property(p => p.TitleKey).HasMaxLength(Paper.MaxTitleLength);
            paper.Property(p => p.Abstract).HasMaxLength(Paper.MaxAbstractLength);
            paper.Property(p => p.Categories).HasMaxLength(500);
            paper.Property(p => p.GithubRepo).HasMaxLength(Paper.MaxUrlLength);
            paper.Property(p => p.ProjectPage).HasMaxLength(Paper.MaxUrlLength);
            paper.Property(p => p.ExtraLinks).HasMaxLength(Paper.MaxExtraLinksLength);
            paper.Property(p => p.Comments).HasMaxLength(Paper.MaxCommentsLength);
            paper.Property(p => p.JournalRef).HasMaxLength(Paper.MaxCommentsLength);
            paper.Property(p => p.Doi).HasMaxLength(200);
            paper.Property(p => p.License).HasMaxLength(Paper.MaxUrlLength);
            paper.Property(p => p.AiSummary).HasMaxLength(Paper.MaxAbstractLength);
            paper.Property(p => p.AiKeywords).HasMaxLength(Paper.MaxAbstractLength);
            paper.HasIndex(p => p.TitleKey);
            paper.HasIndex(p => p.PublishedAt);
            paper.HasIndex(p => p.ModifiedAt); // the search index catches up on papers modified since its last commit
            paper.HasOne(p => p.FirstFeaturedBy).WithMany().HasForeignKey(p => p.FirstFeaturedById).OnDelete(DeleteBehavior.SetNull);
            paper.HasMany(p => p.Authors).WithOne().HasForeignKey(a => a.PaperId).OnDelete(DeleteBehavior.Cascade);
            paper.HasMany(p => p.DailyEntries).WithOne(e => e.Paper).HasForeignKey(e => e.PaperId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PaperAuthor>(author =>
        {
            author.ToTable("paper_authors");
            author.HasKey(a => new { a.PaperId, a.Position });
            author.Property(a => a.AuthorId).HasMaxLength(24);
            author.Property(a => a.Name).HasMaxLength(300);
            author.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<DailyEntry>(entry =>
        {
            entry.ToTable("daily_entries");
            entry.HasIndex(e => new { e.Date, e.PaperId }).IsUnique();
            entry.HasIndex(e => e.PaperId);
            entry.HasOne(e => e.SubmittedBy).WithMany().HasForeignKey(e => e.SubmittedById).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<HarvestState>(state =>
        {
            state.ToTable("harvest_states");
            state.Property(s => s.Endpoint).HasMaxLength(Paper.MaxUrlLength);
            state.Property(s => s.Set).HasMaxLength(100);
            state.Property(s => s.MetadataPrefix).HasMaxLength(20);
            state.Property(s => s.ResumptionToken).HasMaxLength(Paper.MaxUrlLength);
            state.HasIndex(s => new { s.Endpoint, s.Set, s.MetadataPrefix }).IsUnique();
        });

        builder.Entity<PaperEmbedding>(embedding =>
        {
            embedding.ToTable("paper_embeddings");
            embedding.HasKey(e => e.PaperId);
            embedding.Property(e => e.PaperId).HasMaxLength(Paper.MaxIdLength);
            embedding.Property(e => e.Model).HasMaxLength(PaperEmbedding.MaxModelLength);
            embedding.Property(e => e.TextHash).HasMaxLength(32);
            embedding.HasOne(e => e.Paper).WithOne().HasForeignKey<PaperEmbedding>(e => e.PaperId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<User>(user =>
        {
            user.Property(u => u.FullName).HasMaxLength(200);
            user.Property(u => u.AvatarUrl).HasMaxLength(Paper.MaxUrlLength);
            user.Property(u => u.Source).HasMaxLength(20);
        });

        DigestModel.Configure(builder);
    }
}
