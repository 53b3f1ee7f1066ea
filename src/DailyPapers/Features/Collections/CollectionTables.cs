using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Collections;

/// <summary>
/// The feature's tables. AppDb finds their configurations in the assembly, so the data layer needs no reference to this
/// feature; features built on collections (a per-user model reading saves as positives) query them from here.
/// </summary>
public static class CollectionTables
{
    public static DbSet<PaperCollection> Collections(this AppDb db) => db.Set<PaperCollection>();

    public static DbSet<CollectionItem> CollectionItems(this AppDb db) => db.Set<CollectionItem>();
}
