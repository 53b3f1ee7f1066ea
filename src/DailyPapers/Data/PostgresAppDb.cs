using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Data;

public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options) : AppDb(options);
