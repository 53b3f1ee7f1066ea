using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Collections;
using DailyPapers.Features.Community;
using DailyPapers.Features.Digests;
using DailyPapers.Features.ForYou;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Cli;

/// <summary>
/// `copy-db --to-postgres CONN`, run as the executable: an SQLite instance moved to a new PostgreSQL database, then
/// served from it. It needs the throwaway PostgreSQL server, so it runs in the suite's PostgreSQL pass; the SQLite
/// pass has no server to copy into and returns at once.
/// </summary>
public sealed class CopyDbTests : IAsyncLifetime
{
    private static readonly string[] Populated = ["AspNetUsers", "votes", "comments", "personal_access_tokens",
        "collections", "collection_items", "digest_subscriptions", "follows", "data_protection_keys", "papers"];

    private readonly List<ClusterNode> nodes = [];
    private readonly List<TestDatabase> databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in nodes) await ((IAsyncLifetime)node).DisposeAsync();
        foreach (var database in databases) await database.DisposeAsync();
        foreach (var node in nodes) Directory.Delete(node.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_moved_instance_keeps_sign_ins_tokens_keys_and_every_row_and_new_rows_get_fresh_ids()
    {
        if (!TestDatabase.PostgresAvailable) return; // the PostgreSQL pass runs it
        var sqlite = Add(TestDatabase.CreateSqlite());
        var postgres = Add(await TestDatabase.CreatePostgresAsync());
        var cookies = new CookieContainer();
        var before = await StartAsync(sqlite);
        await before.ImportAsync("listing", Listings.Demo(), new DateOnly(2025, 8, 7));
        var papers = await before.WithDbAsync(db => db.Papers.OrderBy(p => p.Id).Select(p => p.Id).Take(3)
            .ToListAsync());
        var user = await PopulateAsync(before, papers[0], cookies);
        var token = await before.WithDbAsync(db => ApiTokens.CreateAsync(db, user.Id, "laptop", DateTime.UtcNow,
            default));
        // The token used on SQLite, then on PostgreSQL in the same process: the app's precompiled queries must follow
        // the model of the database they run on.
        Assert.Equal(HttpStatusCode.OK, (await Api(before, token).GetAsync("/api/whoami-v2")).StatusCode);
        var comment = await before.WithDbAsync(async db =>
        {
            db.Votes.Add(new Vote { UserId = user.Id, PaperId = papers[0], CreatedAt = DateTime.UtcNow });
            var written = new Comment { PaperId = papers[0], UserId = user.Id, Body = "Before the move",
                BodyHtml = "<p>Before the move</p>", CreatedAt = DateTime.UtcNow };
            db.Comments.Add(written);
            await db.SaveChangesAsync();
            return written.Id;
        });
        await Stop(before);

        var copy = await CliProcess.RunAsync(sqlite, "copy-db", "--to-postgres", postgres.ConnectionString);
        Assert.True(copy.ExitCode == 0, copy.Error);
        Assert.Contains("every count matches", copy.Output, StringComparison.Ordinal);
        var counts = await CountsAsync(sqlite);
        Assert.Equal(counts, await CountsAsync(postgres));
        Assert.All(Populated, table => Assert.True(counts[table] > 0, $"{table} should have rows to copy"));

        var after = await StartAsync(postgres);
        // The cookie the SQLite site issued: the keys moved with the database.
        Assert.Contains("id=\"current-user\">alice<", await after.Browser(cookies).GetStringAsync("/"),
            StringComparison.Ordinal);
        var signIn = await CommunityFixture.PostFormAsync(after.Browser(), "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = "alice", ["Password"] = CommunityFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var moved = Api(after, token);
        Assert.Equal(HttpStatusCode.OK, (await moved.PostAsync($"/api/papers/{papers[1]}/upvote", null)).StatusCode);
        Assert.True(await CommentAsync(moved, papers[1], "After the move") > comment, "a fresh comment id");
        var subscription = await after.WithDbAsync(async db =>
        {
            var added = new DigestSubscription { Email = "later@example.org", CreatedAt = DateTime.UtcNow };
            db.DigestSubscriptions.Add(added);
            await db.SaveChangesAsync();
            return added.Id;
        });
        Assert.True(subscription > 1, "a fresh subscription id");
        Assert.Equal(counts["votes"] + 1, (await CountsAsync(postgres))["votes"]);
    }

    [Fact]
    public async Task A_target_with_rows_is_refused_and_left_as_it_was()
    {
        if (!TestDatabase.PostgresAvailable) return; // the PostgreSQL pass runs it
        var sqlite = Add(TestDatabase.CreateSqlite());
        var postgres = Add(await TestDatabase.CreatePostgresAsync());
        var used = await StartAsync(postgres);
        await used.ImportAsync("listing", Listings.Demo(), new DateOnly(2025, 8, 7));
        await Stop(used);
        var source = await StartAsync(sqlite);
        await PopulateAsync(source, await ImportOneAsync(source), new CookieContainer());
        await Stop(source);
        var counts = await CountsAsync(postgres);

        var refused = await CliProcess.RunAsync(sqlite, "copy-db", "--to-postgres", postgres.ConnectionString);
        Assert.Equal(1, refused.ExitCode);
        Assert.Matches(@"^error: PostgreSQL 127\.0\.0\.1:\d+/dp_\w+ is not empty \(rows in [^)]*papers[^)]*\): copy " +
            "into a new database; nothing was copied$", refused.Error.Trim());
        Assert.Equal(counts, await CountsAsync(postgres));
    }

    [Fact]
    public async Task An_unreachable_server_a_bad_connection_string_and_an_instance_on_postgres_each_get_one_line()
    {
        var sqlite = Add(TestDatabase.CreateSqlite());
        var closed = await CliProcess.RunAsync(sqlite, "copy-db", "--to-postgres",
            "Host=127.0.0.1;Port=9;Database=moved;Username=dailypapers");
        Assert.Equal(1, closed.ExitCode);
        Assert.Equal("error: cannot copy into PostgreSQL 127.0.0.1:9/moved: Failed to connect to 127.0.0.1:9 "
            + "(Connection refused); nothing was copied", closed.Error.Trim());

        var garbled = await CliProcess.RunAsync(sqlite, "copy-db", "--to-postgres", "Hots=db.example");
        Assert.Equal(1, garbled.ExitCode);
        Assert.StartsWith("error: --to-postgres is not a PostgreSQL connection string:", garbled.Error.Trim(),
            StringComparison.Ordinal);
        Assert.Single(garbled.Error.Trim().Split('\n'));

        // Neither case above needs a server; an instance on PostgreSQL does: the PostgreSQL pass runs this part.
        if (!TestDatabase.PostgresAvailable) return;
        var postgres = Add(await TestDatabase.CreatePostgresAsync());
        var onPostgres = await CliProcess.RunAsync(postgres, "copy-db", "--to-postgres", postgres.ConnectionString);
        Assert.Equal(1, onPostgres.ExitCode);
        Assert.Equal("error: this instance is already on PostgreSQL: copy-db moves an SQLite instance",
            onPostgres.Error.Trim());
    }

    /// <summary>A reader who signed up with a password, signed in (cookies kept), with a collection, a digest
    /// subscription and a follow.</summary>
    private static async Task<User> PopulateAsync(ClusterNode node, string paper, CookieContainer cookies)
    {
        User user;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            user = new User { UserName = "alice", Email = "alice@example.org", EmailConfirmed = true,
                CreatedAt = DateTime.UtcNow };
            var created = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().CreateAsync(user,
                CommunityFixture.Password);
            Assert.True(created.Succeeded);
        }
        var signIn = await CommunityFixture.PostFormAsync(node.Browser(cookies), "/account/sign-in",
            "/account/sign-in", new() { ["Login"] = "alice", ["Password"] = CommunityFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        await node.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.Add(new PaperCollection { Id = "c1", OwnerId = user.Id, Title = "Reading", Slug = "reading",
                Theme = "blue", CreatedAt = now, UpdatedAt = now,
                Items = [new CollectionItem { Id = "i1", CollectionId = "c1", PaperId = paper, AddedAt = now }] });
            db.DigestSubscriptions.Add(new DigestSubscription { Email = user.Email!, UserId = user.Id,
                Status = SubscriptionStatus.Active, CreatedAt = now });
            db.Add(new Follow { UserId = user.Id, Kind = FollowKind.Category, Key = "cs.CL", Label = "cs.CL",
                CreatedAt = now });
            return await db.SaveChangesAsync();
        });
        return user;
    }

    private static async Task<string> ImportOneAsync(ClusterNode node)
    {
        await node.ImportAsync("listing", Listings.Demo(), new DateOnly(2025, 8, 7));
        return await node.WithDbAsync(db => db.Papers.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
    }

    private static async Task<int> CommentAsync(HttpClient api, string paper, string text)
    {
        var response = await api.PostAsJsonAsync($"/api/papers/{paper}/comments", new { comment = text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WriteApi.CommentJson>())!.Id;
    }

    private static HttpClient Api(ClusterNode node, string token)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Rows in every table of the model, read on the database's own engine.</summary>
    private static async Task<Dictionary<string, long>> CountsAsync(TestDatabase database)
    {
        await using var db = database.OpenDb();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in db.Model.GetRelationalModel().Tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table.Name}\"";
            counts[table.Name] = Convert.ToInt64(await count.ExecuteScalarAsync(),
                System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    private TestDatabase Add(TestDatabase database)
    {
        databases.Add(database);
        return database;
    }

    private async Task<ClusterNode> StartAsync(TestDatabase database)
    {
        var node = new ClusterNode(database, ClusterNode.NewDataDirectory());
        nodes.Add(node);
        await node.InitializeAsync();
        return node;
    }

    private static async Task Stop(ClusterNode node)
    {
        await ((IAsyncLifetime)node).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
