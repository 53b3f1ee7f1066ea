using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.ForYou;

/// <summary>The feature's tables (AppDb finds their configurations in the assembly).</summary>
public static class ForYouTables
{
    public static DbSet<Dismissal> Dismissals(this AppDb db) => db.Set<Dismissal>();

    public static DbSet<SeenPaper> SeenPapers(this AppDb db) => db.Set<SeenPaper>();

    public static DbSet<Follow> Follows(this AppDb db) => db.Set<Follow>();
}
